using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Options;
using Sms.CarrierSimulator.Webhooks;
using Sms.Carriers.Twilio;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Twilio;

/// <summary>Builds and sends Twilio's signed webhooks: inbound messages and status callbacks (form POSTs, <c>X-Twilio-Signature</c>).</summary>
public sealed class TwilioWebhooks(IHttpClientFactory httpClients)
{
    /// <summary>An inbound message as Twilio posts it.</summary>
    public static Dictionary<string, string> Inbound(string sid, string accountSid, string from, string to, string body) => new(StringComparer.Ordinal)
    {
        ["MessageSid"] = sid,
        ["SmsSid"] = sid,
        ["SmsMessageSid"] = sid,
        ["AccountSid"] = accountSid,
        ["From"] = from,
        ["To"] = to,
        ["Body"] = body,
        ["NumMedia"] = "0",
        ["NumSegments"] = Math.Max(1, Sms.Carriers.Segments.SmsSegments.Measure(body).Segments).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SmsStatus"] = "received",
        ["ApiVersion"] = TwilioApi.ApiVersion,
    };

    /// <summary>A status callback for one of our sends.</summary>
    public static Dictionary<string, string> Status(string sid, string accountSid, TwilioSubmission submission, string status) => new(StringComparer.Ordinal)
    {
        ["MessageSid"] = sid,
        ["SmsSid"] = sid,
        ["AccountSid"] = accountSid,
        ["From"] = submission.From,
        ["To"] = submission.To,
        ["MessageStatus"] = status,
        ["SmsStatus"] = status,
        ["ApiVersion"] = TwilioApi.ApiVersion,
    };

    /// <summary>Posts the form to <paramref name="url"/>, signed with the auth token over that URL; the status the receiver answered.</summary>
    public async Task<int> PostSignedAsync(Uri url, IReadOnlyDictionary<string, string> form, string authToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(url.OriginalString, form, authToken));
        using var response = await httpClients.CreateClient(WebhookSender.HttpClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}

/// <summary>Status callbacks waiting to go out after an accepted send: <c>sent</c>, then <c>delivered</c>.</summary>
public sealed record TwilioCallbackJob(Uri Target, string Sid, TwilioSubmission Submission, DateTimeOffset AcceptedAt);

/// <summary>Sends the status callbacks of accepted Twilio sends, after the configured receipt delay; failures are logged, never retried.</summary>
public sealed class TwilioCallbackWorker(
    TwilioWebhooks webhooks, IOptions<SimulatorOptions> options, TimeProvider clock, ILogger<TwilioCallbackWorker> logger) : BackgroundService
{
    private readonly Channel<TwilioCallbackJob> _jobs = Channel.CreateBounded<TwilioCallbackJob>(
        new BoundedChannelOptions(DeliveryReceiptQueue.Capacity) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool TryEnqueue(TwilioCallbackJob job) => _jobs.Writer.TryWrite(job);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = TimeSpan.FromMilliseconds(settings.DeliveryReceiptDelayMilliseconds);
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
            {
                var wait = job.AcceptedAt + delay - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
                foreach (var status in new[] { "sent", "delivered" })
                {
                    try
                    {
                        var answer = await webhooks.PostSignedAsync(job.Target,
                            TwilioWebhooks.Status(job.Sid, settings.Twilio.AccountSid, job.Submission, status), settings.Twilio.AuthToken, stoppingToken);
                        if (answer is < 200 or > 299) SimulatorLog.DeliveryReceiptRefused(logger, job.Sid, job.Target, answer);
                        else SimulatorLog.DeliveryReceiptSent(logger, job.Sid, Redact.Phone(job.Submission.To), answer);
                    }
                    catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !stoppingToken.IsCancellationRequested)
                    {
                        SimulatorLog.DeliveryReceiptFailed(logger, job.Sid, job.Target, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

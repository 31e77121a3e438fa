using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.Twilio;
using Sms.CarrierSimulator.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Background;

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

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Background;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.State;
using Sms.Carriers.Segments;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Twilio;

/// <summary>
/// <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>, Twilio's send, answered as Twilio would (201 with the
/// message, or 4xx with Twilio's error JSON). Accepted messages go into the same store as Vonage's (listed with
/// provider <c>twilio</c>) and get signed status callbacks when they asked for them. Injected faults apply by
/// recipient: a delay, a dropped connection, an HTTP status; a Vonage status fault answers as Twilio would for
/// throttling (1: HTTP 429, code 20429) or an internal error (otherwise: HTTP 500). DEVELOPMENT CARRIER only.
/// </summary>
public sealed class TwilioApiHandler(
    IOptions<SimulatorOptions> options, FaultBook faults, SentMessageStore store, TwilioCallbackWorker callbacks, TimeProvider clock,
    ILogger<TwilioApiHandler> logger)
{
    public async Task<Results<Created<object>, JsonHttpResult<object>, StatusCodeHttpResult, EmptyHttpResult>> HandleAsync(
        string accountSid, HttpRequest http, CancellationToken cancellationToken)
    {
        var form = http.HasFormContentType
            ? (await http.ReadFormAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Value.FirstOrDefault() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = options.Value.Twilio;
        var (submission, refusal) = TwilioSubmissionRules.Evaluate(accountSid, form, http.Headers.Authorization.FirstOrDefault(), settings);
        if (refusal is not null)
        {
            SimulatorLog.SmsRejected(logger, refusal.Code, refusal.Message);
            return TypedResults.Json(refusal.Body, statusCode: refusal.HttpStatus);
        }

        if (faults.TakeNext(submission!.To) is { } fault)
        {
            if (await TransportFaults.ApplyAsync(fault, submission.To, http, clock, logger, cancellationToken) is { } ended)
                return ended.Dropped ? TypedResults.Empty : TypedResults.StatusCode(ended.HttpStatus);
            if (fault.Status is { } status)
            {
                SimulatorLog.FaultAnswered(logger, Redact.Phone(submission.To), status);
                return status == 1
                    ? TypedResults.Json(new TwilioRefusal(429, 20429, "Too Many Requests").Body, statusCode: 429)
                    : TypedResults.Json(new TwilioRefusal(500, 20500, "Internal Server Error").Body, statusCode: 500);
            }
        }

        var now = clock.GetUtcNow();
        var sid = TwilioSubmissionRules.NewSid();
        var type = submission.Encoding == SmsTextEncoding.Ucs2 ? "unicode" : "text";
        store.Add(new SentMessage([sid], submission.From, submission.To, submission.Body, type, null, now, submission.Segments)
        {
            Provider = SentMessage.Twilio,
            MediaUrls = submission.MediaUrls,
        });
        SimulatorLog.SmsAccepted(logger, Redact.Phone(submission.To), submission.Segments, type, sid);

        if (settings.SendStatusCallbacks && submission.StatusCallback is { } callback
            && !callbacks.TryEnqueue(new TwilioCallbackJob(new Uri(callback), sid, submission, now)))
        {
            SimulatorLog.DeliveryReceiptsDropped(logger, sid);
        }
        // No Location header: Twilio answers without one.
        return TypedResults.Created((string?)null, TwilioSubmissionRules.Created(sid, settings.AccountSid, submission, now));
    }
}

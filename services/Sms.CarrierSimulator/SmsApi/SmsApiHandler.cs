using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.SmsApi;

/// <summary>
/// <c>POST /sms/json</c>, the Vonage SMS API send, answered as Vonage would (always HTTP 200, the outcome in
/// <c>messages[].status</c>). DEVELOPMENT CARRIER: accepted messages are recorded, never delivered.
/// </summary>
public sealed class SmsApiHandler(
    IOptions<SimulatorOptions> options,
    FaultBook faults,
    SentMessageStore store,
    SimulatedAccount account,
    DeliveryReceiptQueue receipts,
    TimeProvider clock,
    ILogger<SmsApiHandler> logger)
{
    private readonly SimulatorCredentials _credentials = new(
        options.Value.ApiKey, options.Value.ApiSecret, options.Value.SignatureSecret, options.Value.GetSignatureMethod());

    public async Task<Results<Ok<SmsApiResponse>, StatusCodeHttpResult, EmptyHttpResult>> HandleAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var request = new SmsApiRequest(await ReadParametersAsync(http, cancellationToken), http.Headers.Authorization.FirstOrDefault());
        switch (SmsSubmissionRules.Evaluate(request, _credentials))
        {
            case SmsSubmissionDecision.Rejected rejected:
                SimulatorLog.SmsRejected(logger, rejected.Status, rejected.ErrorText);
                return TypedResults.Ok(SmsApiResponses.Rejected(rejected.Status, rejected.ErrorText));

            case SmsSubmissionDecision.Accepted { Submission: var submission }:
                return faults.TakeNext(submission.To) is { } fault
                    ? await AnswerFaultAsync(http, submission, fault, cancellationToken)
                    : TypedResults.Ok(Accept(submission));

            default:
                throw new InvalidOperationException("Unknown decision.");
        }
    }

    /// <summary>An injected fault: wait if it says so, then drop the connection, answer its HTTP or Vonage status, or accept late.</summary>
    private async Task<Results<Ok<SmsApiResponse>, StatusCodeHttpResult, EmptyHttpResult>> AnswerFaultAsync(
        HttpRequest http, SmsSubmission submission, Fault fault, CancellationToken cancellationToken)
    {
        if (await TransportFaults.ApplyAsync(fault, submission.To, http, clock, logger, cancellationToken) is { } ended)
            return ended.Dropped ? TypedResults.Empty : TypedResults.StatusCode(ended.HttpStatus);
        if (fault.Status is { } status)
        {
            SimulatorLog.FaultAnswered(logger, Redact.Phone(submission.To), status);
            return TypedResults.Ok(SmsApiResponses.Rejected(status, SmsApiResponses.ErrorText(status)));
        }
        return TypedResults.Ok(Accept(submission));
    }

    private SmsApiResponse Accept(SmsSubmission submission)
    {
        var now = clock.GetUtcNow();
        var messageIds = Enumerable.Range(0, submission.Segments).Select(_ => VonageIds.NewMessageId()).ToList();
        var balances = account.Charge(submission.Segments);
        store.Add(new SentMessage(messageIds, submission.From, submission.To, submission.Text, submission.Type, submission.ClientRef, now, submission.Segments));
        SimulatorLog.SmsAccepted(logger, Redact.Phone(submission.To), submission.Segments, submission.Type, messageIds[0]);

        var settings = options.Value;
        var target = DeliveryReceipt.Target(submission, settings.SendDeliveryReceipts, settings.GetDefaultDeliveryReceiptUri());
        if (target is not null && !receipts.TryEnqueue(new DeliveryReceiptJob(target, submission, messageIds, now)))
            SimulatorLog.DeliveryReceiptsDropped(logger, messageIds[0]);

        return SmsApiResponses.Accepted(submission, messageIds, balances, SimulatedAccount.PricePerPart, SimulatedAccount.Network);
    }

    /// <summary>Query and form parameters merged (the form wins); the first value of a repeated name.</summary>
    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Query)
            parameters[key] = values.FirstOrDefault() ?? "";
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(cancellationToken);
            foreach (var (key, values) in form)
                parameters[key] = values.FirstOrDefault() ?? "";
        }
        return parameters;
    }
}

using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Consumers;

/// <summary>
/// Decides every send: <see cref="SmsApproved"/> or <see cref="SmsSuppressed"/>. Fails closed: when the ledger cannot
/// be read the exception goes back to MassTransit, which retries and finally parks the message in the error queue.
/// </summary>
public sealed class SendSmsConsumer(
    ConsentLedger ledger,
    IOptions<ComplianceOptions> options,
    TimeProvider clock,
    ILogger<SendSmsConsumer> logger) : IConsumer<SendSms>
{
    public async Task Consume(ConsumeContext<SendSms> context)
    {
        var request = context.Message;
        var consent = SendPolicy.NeedsConsentState(request)
            ? await ledger.GetStateAsync(request.To, options.Value.Scope, context.CancellationToken)
            : null;
        var decision = SendPolicy.Decide(request, consent);

        if (decision.IsApproved)
        {
            await context.Publish(
                new SmsApproved { Request = request, ApprovedAt = clock.GetUtcNow() },
                p => p.MessageId = MessageIds.Derive(request.MessageId, "approved"),
                context.CancellationToken);
            ComplianceMetrics.SendDecisions.Add(1, new KeyValuePair<string, object?>("outcome", "approved"));
            logger.SendApproved(request.MessageId);
            return;
        }

        var reason = decision.Reason!.Value;
        await context.Publish(
            new SmsSuppressed { Request = request, Reason = reason, Detail = decision.Detail!, SuppressedAt = clock.GetUtcNow() },
            p => p.MessageId = MessageIds.Derive(request.MessageId, "suppressed"),
            context.CancellationToken);
        ComplianceMetrics.SendDecisions.Add(1,
            new KeyValuePair<string, object?>("outcome", "suppressed"),
            new KeyValuePair<string, object?>("reason", reason.ToString()));
        logger.SendSuppressed(request.MessageId, Redact.Phone(request.To), reason);
    }
}

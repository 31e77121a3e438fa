using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Ingress.Inbound;

namespace Sms.Ingress.Http;

/// <summary>The 503s shared by every endpoint, each with a <c>Retry-After</c>.</summary>
public static class Problems
{
    /// <summary>Seconds a caller is asked to wait before retrying after a 503.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>503 when the broker did not confirm a publish: nothing was accepted, the caller should retry.</summary>
    public static ProblemHttpResult BrokerUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Message not accepted: the message broker is unavailable",
            detail: "Nothing was accepted. Retry the same request later.");
    }

    /// <summary>
    /// 503 for an inbound SMS not accepted yet: the broker or Redis (where the ingress remembers what it published and
    /// keeps the parts of long messages) did not answer, or the same message is being accepted by another request.
    /// </summary>
    public static ProblemHttpResult InboundNotAcceptedYet(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Message not accepted yet",
            detail: "Nothing was accepted: the message broker or the ingress's store is unavailable, or the same message is being accepted right now. Retry the same request later.");
    }
}

/// <summary>How every delivery-receipt webhook answers what <see cref="DeliveryReceiptHandler"/> made of it.</summary>
public static class ReceiptAnswers
{
    /// <summary>The 503 that asks the carrier to retry; null for a receipt published now or before, answered with the webhook's 2xx.</summary>
    /// <param name="context">The request.</param>
    /// <param name="outcome">What became of the receipt.</param>
    public static ProblemHttpResult? RetryLater(HttpContext context, ReceiptOutcome outcome) => outcome switch
    {
        ReceiptOutcome.Published or ReceiptOutcome.Duplicate => null,
        ReceiptOutcome.BrokerUnavailable => Problems.BrokerUnavailable(context),
        _ => Problems.InboundNotAcceptedYet(context),
    };
}

namespace Sms.Ingress.Http;

/// <summary>Answers shared by every endpoint.</summary>
public static class Problems
{
    /// <summary>Seconds a caller is asked to wait before retrying after a 503.</summary>
    private const string RetryAfterSeconds = "5";

    /// <summary>503 when the broker did not confirm a publish: nothing was accepted, the caller should retry.</summary>
    public static IResult BrokerUnavailable(HttpContext context)
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
    public static IResult InboundNotAcceptedYet(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Message not accepted yet",
            detail: "Nothing was accepted: the message broker or the ingress's store is unavailable, or the same message is being accepted right now. Retry the same request later.");
    }
}

/// <summary>How every delivery-receipt webhook answers what <see cref="Inbound.DeliveryReceiptHandler"/> made of it.</summary>
public static class ReceiptAnswers
{
    /// <param name="context">The request.</param>
    /// <param name="outcome">What became of the receipt.</param>
    /// <param name="accepted">The webhook's 2xx, for a receipt published now or before.</param>
    public static IResult Answer(HttpContext context, Inbound.ReceiptOutcome outcome, IResult accepted) => outcome switch
    {
        Inbound.ReceiptOutcome.Published or Inbound.ReceiptOutcome.Duplicate => accepted,
        Inbound.ReceiptOutcome.BrokerUnavailable => Problems.BrokerUnavailable(context),
        _ => Problems.InboundNotAcceptedYet(context),
    };
}

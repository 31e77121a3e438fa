namespace Sms.Ingress.Data;

/// <summary>
/// A webhook refused as malformed (400, 413, 415), kept with its raw request for inspection. It holds phone numbers
/// and message text: it is read through the API, never logged.
/// </summary>
/// <param name="ReceivedAt">When the ingress refused it.</param>
/// <param name="Webhook">Which webhook (<c>inbound</c>, <c>delivery-receipt</c>, <c>messages-inbound</c>, <c>messages-status</c>).</param>
/// <param name="Path">The request path.</param>
/// <param name="Method">The request method.</param>
/// <param name="ContentType">The request's Content-Type header, if any.</param>
/// <param name="Status">The status it was answered with.</param>
/// <param name="Reason">The reason in the answer (<c>invalid_payload</c>, <c>payload_too_large</c>, <c>unsupported_media_type</c>).</param>
/// <param name="Detail">What was wrong, as in the answer.</param>
/// <param name="Query">The raw query string, with its leading <c>?</c>, or empty.</param>
/// <param name="Body">The body as UTF-8 text, at most <see cref="Http.WebhookRequestReader.MaxBodyBytes"/> bytes of it.</param>
/// <param name="BodyTruncated">Whether the body was longer than what is kept.</param>
public sealed record RejectedWebhook(
    DateTimeOffset ReceivedAt,
    string Webhook,
    string Path,
    string Method,
    string? ContentType,
    int Status,
    string Reason,
    string Detail,
    string Query,
    string Body,
    bool BodyTruncated);

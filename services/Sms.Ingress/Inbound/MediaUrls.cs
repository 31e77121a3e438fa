namespace Sms.Ingress.Inbound;

/// <summary>What a carrier's media URL must be for Conversations to fetch it later. Pure.</summary>
public static class MediaUrls
{
    /// <summary>Longer URLs are refused: no carrier's media URL comes close, and the URL is stored with the message.</summary>
    public const int MaxLength = 2048;

    /// <summary>An absolute <c>https</c> (or <c>http</c>, as the carrier simulator serves) URL of reasonable length.</summary>
    public static bool IsFetchable(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= MaxLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

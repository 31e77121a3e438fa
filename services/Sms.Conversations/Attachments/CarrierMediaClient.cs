using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Attachments;

/// <summary>How one fetch of a carrier's media ended.</summary>
public abstract record MediaFetch
{
    private MediaFetch()
    {
    }

    /// <summary>The carrier answered with content: checked next (<see cref="MediaCheck"/>). <see cref="TooLarge"/>: it went past the cap and was cut off.</summary>
    public sealed record Fetched(string? ContentType, byte[] Content, bool TooLarge) : MediaFetch;

    /// <summary>Nothing usable came back (an error status, a timeout, a broken connection): tried again later.</summary>
    public sealed record Failed(string Reason) : MediaFetch;
}

/// <summary>
/// Fetches a customer's media from its carrier with the carrier's authentication: Twilio with Basic auth (account SID
/// and auth token, <c>Twilio:*</c>; Twilio redirects to its storage, and .NET drops the credentials on the redirect to
/// another host); Vonage's Messages API media URLs are public per its spec and are fetched without credentials. Reads no
/// more than the size cap (plus one byte, to know it was exceeded).
/// </summary>
public sealed class CarrierMediaClient(HttpClient http, IOptions<CarrierAccountOptions> accounts, IOptions<AttachmentOptions> options)
{
    public const string HttpClientName = "carrier-media";

    public async Task<MediaFetch> FetchAsync(string provider, string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var account = accounts.Value;
        if (provider == PictureCarriers.Twilio && !string.IsNullOrEmpty(account.TwilioAccountSid))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.TwilioAccountSid}:{account.TwilioAuthToken}")));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.FetchTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return new MediaFetch.Failed($"the carrier answered {(int)response.StatusCode}");

            var max = options.Value.MaxBytes;
            if (response.Content.Headers.ContentLength > max)
                return new MediaFetch.Fetched(response.Content.Headers.ContentType?.MediaType, [], TooLarge: true);

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > max)
                    return new MediaFetch.Fetched(response.Content.Headers.ContentType?.MediaType, [], TooLarge: true);
            }
            return new MediaFetch.Fetched(response.Content.Headers.ContentType?.MediaType, buffer.ToArray(), TooLarge: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MediaFetch.Failed("the fetch timed out");
        }
        catch (HttpRequestException e)
        {
            return new MediaFetch.Failed($"the fetch failed ({e.HttpRequestError})");
        }
    }
}

using Microsoft.Extensions.Options;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Attachments;

/// <summary>The picture of an agent's reply as it goes out, or why it cannot.</summary>
public sealed record PictureReply(OutboundMedia? Media, string? Problem);

/// <summary>
/// Turns an uploaded picture into the <see cref="OutboundMedia"/> of a reply: refused when the conversation's number is
/// on a carrier that cannot send pictures (<see cref="PictureCarriers"/>), when no public base URL is configured (the
/// carrier could not fetch it), or when the upload is not a stored picture of ours; otherwise a signed URL that expires
/// after <see cref="AttachmentOptions.PublicUrlLifetime"/>.
/// </summary>
public sealed class PictureReplies(
    AttachmentStore store, IOptions<AttachmentOptions> options, IOptions<CarrierAccountOptions> carriers, TimeProvider time)
{
    public async Task<PictureReply> MediaForAsync(Guid attachmentId, string businessNumber, Guid messageId, CancellationToken cancellationToken)
    {
        var provider = PictureCarriers.ProviderOf(businessNumber, carriers.Value);
        if (!PictureCarriers.CanSendPictures(provider))
            return new PictureReply(null, $"This number's carrier ({provider}) cannot send pictures: send the reply as text.");
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.PublicBaseUrl) || string.IsNullOrEmpty(settings.UrlSigningKey))
            return new PictureReply(null, "Sending pictures is not set up: Attachments:PublicBaseUrl and Attachments:UrlSigningKey are needed.");
        if (await store.GetAsync(attachmentId, cancellationToken) is not { Direction: "outbound", Status: "stored", ContentType: { } type } attachment
            || !MediaCheck.IsImage(type))
            return new PictureReply(null, "No such uploaded picture.");
        if (attachment.MessageId is { } sentWith && sentWith != messageId)
            return new PictureReply(null, "This picture was already sent; upload it again to send it once more.");

        var url = AttachmentUrls.Signed(settings.PublicBaseUrl, settings.UrlSigningKey, attachmentId, time.GetUtcNow() + settings.PublicUrlLifetime);
        return new PictureReply(new OutboundMedia { Url = url, ContentType = type, AttachmentId = attachmentId }, null);
    }
}

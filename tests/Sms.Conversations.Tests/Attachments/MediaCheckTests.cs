using Sms.Conversations.Attachments;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Tests.Attachments;

/// <summary>What is kept of a customer's or an agent's media, and the signed URL a carrier fetches a picture from.</summary>
public sealed class MediaCheckTests
{
    internal static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46];
    internal static readonly byte[] Pdf = "%PDF-1.7\n%\u00e2\u00e3\n"u8.ToArray();
    internal static readonly byte[] Html = "<html><script>alert(1)</script></html>"u8.ToArray();

    private static MediaVerdict Check(string? type, byte[] content, long max = 1000) => MediaCheck.Check(type, content, max, MediaCheck.DefaultAllowed);

    [Test]
    public void A_picture_whose_bytes_match_is_kept_as_the_type_its_bytes_show()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Check("image/png", Png), Is.EqualTo(MediaVerdict.Keep("image/png")));
            Assert.That(Check("IMAGE/JPEG; charset=binary", Jpeg), Is.EqualTo(MediaVerdict.Keep("image/jpeg")));
            Assert.That(Check("image/png", Jpeg), Is.EqualTo(MediaVerdict.Keep("image/jpeg")), "a picture mislabelled by the carrier is kept as what it is");
        });
    }

    [TestCase(null)]
    [TestCase("application/octet-stream")]
    public void Content_with_no_usable_type_gets_the_type_its_bytes_show(string? type)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Check(type, Png).ContentType, Is.EqualTo("image/png"));
            Assert.That(Check(type, Pdf).ContentType, Is.EqualTo("application/pdf"));
            Assert.That(Check(type, Html).Accepted, Is.False);
        });
    }

    [TestCase("image/png")]
    [TestCase("image/gif")]
    [TestCase("application/pdf")]
    public void Bytes_that_are_not_what_they_claim_are_refused(string type)
    {
        var verdict = Check(type, Html);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Accepted, Is.False);
            Assert.That(verdict.Reason, Does.Contain("claims"));
        });
    }

    [TestCase("image/svg+xml")]
    [TestCase("text/html")]
    [TestCase("application/x-msdownload")]
    public void A_type_not_allowed_is_refused(string type) =>
        Assert.That(Check(type, "<svg/>"u8.ToArray()).Reason, Does.Contain("not allowed"));

    [Test]
    public void Content_over_the_cap_or_empty_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Check("image/png", Png, max: Png.Length - 1).Reason, Does.Contain("larger than"));
            Assert.That(Check("image/png", Png, max: Png.Length).Accepted, Is.True);
            Assert.That(Check("image/png", []).Reason, Is.EqualTo("empty"));
        });
    }

    [Test]
    public void A_plain_text_file_is_kept_as_a_download()
    {
        var verdict = Check("text/plain", "notes"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(verdict.ContentType, Is.EqualTo("text/plain"));
            Assert.That(verdict.IsImage, Is.False);
        });
    }

    [Test]
    public void An_agent_can_send_only_jpeg_png_or_gif()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MediaCheck.Check("image/png", Png, 1000, MediaCheck.SendableImages).Accepted, Is.True);
            Assert.That(MediaCheck.Check("application/pdf", Pdf, 1000, MediaCheck.SendableImages).Accepted, Is.False);
        });
    }

    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_signed_url_verifies_until_it_expires_and_not_for_another_attachment_or_key()
    {
        var id = Guid.NewGuid();
        var url = new Uri(AttachmentUrls.Signed("https://inbox.example.com/", "key-1", id, Now.AddHours(1)));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var (expires, signature) = (query["expires"], query["signature"]);
        Assert.Multiple(() =>
        {
            Assert.That(url.AbsolutePath, Is.EqualTo($"/v1/attachments/{id:D}/public"));
            Assert.That(AttachmentUrls.Verify("key-1", id, expires, signature, Now), Is.True);
            Assert.That(AttachmentUrls.Verify("key-1", id, expires, signature, Now.AddHours(1).AddSeconds(1)), Is.False, "expired");
            Assert.That(AttachmentUrls.Verify("key-1", Guid.NewGuid(), expires, signature, Now), Is.False, "another attachment");
            Assert.That(AttachmentUrls.Verify("key-2", id, expires, signature, Now), Is.False, "another key");
            Assert.That(AttachmentUrls.Verify("key-1", id, (long.Parse(expires!) + 3600).ToString(), signature, Now), Is.False, "a later expiry");
            Assert.That(AttachmentUrls.Verify("key-1", id, expires, null, Now), Is.False);
        });
    }

    [Test]
    public void A_failed_fetch_is_tried_again_with_a_doubling_delay_then_given_up()
    {
        var first = TimeSpan.FromSeconds(5);
        Assert.Multiple(() =>
        {
            Assert.That(FetchRetries.NextAttempt(1, 3, first, Now), Is.EqualTo(Now.AddSeconds(5)));
            Assert.That(FetchRetries.NextAttempt(2, 3, first, Now), Is.EqualTo(Now.AddSeconds(10)));
            Assert.That(FetchRetries.NextAttempt(3, 3, first, Now), Is.Null);
        });
    }

    [Test]
    public void Only_a_number_routed_to_Twilio_can_send_pictures()
    {
        var options = new CarrierAccountOptions { DefaultProvider = "vonage", Numbers = new(StringComparer.OrdinalIgnoreCase) { ["15550100001"] = "Twilio" } };
        Assert.Multiple(() =>
        {
            Assert.That(PictureCarriers.ProviderOf("+15550100001", options), Is.EqualTo("twilio"));
            Assert.That(PictureCarriers.ProviderOf("+15550100002", options), Is.EqualTo("vonage"));
            Assert.That(PictureCarriers.CanSendPictures("twilio"), Is.True);
            Assert.That(PictureCarriers.CanSendPictures("vonage"), Is.False);
        });
    }
}

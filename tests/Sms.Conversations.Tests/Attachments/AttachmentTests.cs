using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Attachments;

/// <summary>
/// A customer's pictures and files fetched from a carrier (a real local HTTP server that wants the carrier's
/// credentials), kept in PostgreSQL, shown in the thread and served by <c>/v1/attachments/{id}</c>; and an agent's
/// picture uploaded and sent with a reply through Twilio as a signed URL.
/// </summary>
public sealed class AttachmentTests : InboxServiceTest
{
    private const string TwilioSid = "AC0123456789abcdef0123456789abcdef";
    private const string TwilioToken = "twilio-media-token";
    /// <summary>Above the API's usual 256 KB body limit, which a picture upload is exempt from.</summary>
    private const int MaxBytes = 300 * 1024;
    private const int MaxAttempts = 3;

    private static readonly string TwilioNumber = TestNumbers.Unique();
    private LocalHttpServer _carrier = null!;

    /// <summary>What the fake carrier serves, by path: status, content type, bytes.</summary>
    private readonly ConcurrentDictionary<string, (int Status, string? Type, byte[] Body)> _media = new();

    /// <summary>Each request the carrier saw: path and its Authorization header.</summary>
    private readonly ConcurrentQueue<(string Path, string? Authorization)> _requests = new();

    protected override async Task StartPeersAsync() =>
        _carrier = await LocalHttpServer.StartAsync(async context =>
        {
            var path = context.Request.Path.Value!;
            var authorization = context.Request.Headers.Authorization.ToString();
            _requests.Enqueue((path, authorization.Length == 0 ? null : authorization));
            if (path.StartsWith("/twilio/", StringComparison.Ordinal)
                && authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioSid}:{TwilioToken}")))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            if (!_media.TryGetValue(path, out var media))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.StatusCode = media.Status;
            if (media.Type is not null) context.Response.ContentType = media.Type;
            await context.Response.Body.WriteAsync(media.Body);
        });

    protected override ValueTask StopPeersAsync() => _carrier.DisposeAsync();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Twilio:AccountSid"] = TwilioSid,
        ["Twilio:AuthToken"] = TwilioToken,
        ["Carriers:DefaultProvider"] = "vonage",
        ["Carriers:Numbers:" + TwilioNumber[1..]] = "twilio",
        ["Attachments:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attachments:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attachments:FirstRetryDelay"] = "00:00:00.200",
        ["Attachments:PollInterval"] = "00:00:00.100",
        ["Attachments:PublicBaseUrl"] = "https://inbox.example.com",
        ["Attachments:UrlSigningKey"] = "test-url-signing-key",
    };

    private string Serve(string path, int status, string? type, byte[] body)
    {
        _media[path] = (status, type, body);
        return _carrier.Url(path);
    }

    private static InboundSmsReceived WithMedia(Events events, string text, params InboundMedia[] media) =>
        events.Inbound(text, DateTimeOffset.UtcNow) with { Media = media };

    private async Task<JsonElement> ThreadMessageAsync(Guid conversationId, Guid messageId)
    {
        var page = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}/messages");
        return page.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("messageId").GetGuid() == messageId);
    }

    /// <summary>The message's attachments once none is pending any more (the fetcher runs in the service).</summary>
    private async Task<JsonElement[]> SettledAttachmentsAsync(Guid conversationId, Guid messageId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var message = await ThreadMessageAsync(conversationId, messageId);
            var attachments = message.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToArray()
                : [];
            if (attachments.Length > 0 && attachments.All(a => a.GetProperty("status").GetString() != "pending")) return attachments;
            if (DateTime.UtcNow > deadline) Assert.Fail($"The attachments of {messageId} are still pending: {message}");
            await Task.Delay(100);
        }
    }

    private async Task<Guid> ConversationOfAsync(Events events) =>
        (await Service.Queries.ListConversationsAsync(new Sms.Conversations.Http.ConversationListQuery(null, 10, null) { Search = events.Customer }, CancellationToken.None)).Single().Id;

    [Test]
    public async Task A_Twilio_MMS_is_fetched_with_the_account_credentials_and_shown_in_the_thread()
    {
        var events = new Events(TestNumbers.Unique(), TwilioNumber);
        var picture = Serve($"/twilio/{Guid.NewGuid():N}", 200, "image/png", MediaCheckTests.Png);
        var document = Serve($"/twilio/{Guid.NewGuid():N}", 200, "application/pdf", MediaCheckTests.Pdf);
        var inbound = WithMedia(events, "The dent, and the quote",
            new InboundMedia { Url = picture, ContentType = "image/png", Provider = "twilio" },
            new InboundMedia { Url = document, ContentType = "application/pdf", Provider = "twilio" });

        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var attachments = await SettledAttachmentsAsync(await ConversationOfAsync(events), inbound.MessageId);

        Assert.Multiple(() =>
        {
            Assert.That(attachments.Select(a => a.GetProperty("status").GetString()), Is.EqualTo(new[] { "stored", "stored" }));
            Assert.That(attachments.Select(a => a.GetProperty("contentType").GetString()), Is.EqualTo(new[] { "image/png", "application/pdf" }));
            Assert.That(attachments.Select(a => a.GetProperty("isImage").GetBoolean()), Is.EqualTo(new[] { true, false }));
            Assert.That(_requests.Where(r => r.Path == new Uri(picture).AbsolutePath).Select(r => r.Authorization), Has.All.StartWith("Basic "));
        });

        var byNumber = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/by-number/{Uri.EscapeDataString(events.Customer)}/messages");
        Assert.That(byNumber[0].GetProperty("attachments").GetArrayLength(), Is.EqualTo(2), "the thread by number lists them too");

        using var image = await Client.GetAsync(attachments[0].GetProperty("url").GetString());
        using var pdf = await Client.GetAsync(attachments[1].GetProperty("url").GetString());
        Assert.Multiple(async () =>
        {
            Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await image.Content.ReadAsByteArrayAsync(), Is.EqualTo(MediaCheckTests.Png));
            Assert.That(image.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
            Assert.That(image.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(image.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("inline"));
            Assert.That(pdf.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
            Assert.That(pdf.Content.Headers.ContentDisposition.FileName?.Trim('"'), Does.EndWith(".pdf"));
        });
    }

    [Test]
    public async Task A_Vonage_MMS_from_a_public_url_without_a_type_is_kept_as_the_type_its_bytes_show()
    {
        var events = Events.ForNewCustomer();
        var url = Serve($"/vonage/{Guid.NewGuid():N}", 200, "application/octet-stream", MediaCheckTests.Jpeg);
        var inbound = WithMedia(events, "", new InboundMedia { Url = url, Provider = "vonage" });

        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var attachment = (await SettledAttachmentsAsync(await ConversationOfAsync(events), inbound.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(attachment.GetProperty("status").GetString(), Is.EqualTo("stored"));
            Assert.That(attachment.GetProperty("contentType").GetString(), Is.EqualTo("image/jpeg"));
            Assert.That(_requests.Where(r => r.Path == new Uri(url).AbsolutePath).Select(r => r.Authorization), Has.All.Null, "Vonage's media URLs are public");
        });
    }

    [Test]
    public async Task Media_over_the_size_cap_or_not_the_picture_it_claims_is_unavailable_and_the_message_stays()
    {
        var events = Events.ForNewCustomer();
        var large = Serve($"/vonage/{Guid.NewGuid():N}", 200, "image/png", [.. MediaCheckTests.Png, .. new byte[MaxBytes]]);
        var disguised = Serve($"/vonage/{Guid.NewGuid():N}", 200, "image/png", MediaCheckTests.Html);
        var inbound = WithMedia(events, "two pictures",
            new InboundMedia { Url = large, Provider = "vonage" }, new InboundMedia { Url = disguised, Provider = "vonage" });

        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var conversation = await ConversationOfAsync(events);
        var attachments = await SettledAttachmentsAsync(conversation, inbound.MessageId);

        var message = await ThreadMessageAsync(conversation, inbound.MessageId);
        Assert.Multiple(async () =>
        {
            Assert.That(attachments.Select(a => a.GetProperty("status").GetString()), Is.EqualTo(new[] { "unavailable", "unavailable" }));
            Assert.That(attachments.Select(a => a.GetProperty("url").ValueKind), Has.All.EqualTo(JsonValueKind.Null));
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo("two pictures"));
            Assert.That(_requests.Count(r => r.Path == new Uri(disguised).AbsolutePath), Is.EqualTo(1), "refused content is not fetched again");
            using var served = await Client.GetAsync($"/v1/attachments/{attachments[1].GetProperty("id").GetGuid()}");
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task A_fetch_that_keeps_failing_is_retried_then_shown_unavailable()
    {
        var events = Events.ForNewCustomer();
        var failing = Serve($"/vonage/{Guid.NewGuid():N}", 503, null, []);
        var inbound = WithMedia(events, "", new InboundMedia { Url = failing, Provider = "vonage" });

        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var attachment = (await SettledAttachmentsAsync(await ConversationOfAsync(events), inbound.MessageId)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(attachment.GetProperty("status").GetString(), Is.EqualTo("unavailable"));
            Assert.That(_requests.Count(r => r.Path == new Uri(failing).AbsolutePath), Is.EqualTo(MaxAttempts));
        });
    }

    [Test]
    public async Task A_fetch_that_fails_once_is_retried_and_stored()
    {
        var events = Events.ForNewCustomer();
        var path = $"/vonage/{Guid.NewGuid():N}";
        var url = Serve(path, 500, null, []);
        var inbound = WithMedia(events, "", new InboundMedia { Url = url, Provider = "vonage" });

        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        while (!_requests.Any(r => r.Path == path)) await Task.Delay(20);
        Serve(path, 200, "image/png", MediaCheckTests.Png);
        var attachment = (await SettledAttachmentsAsync(await ConversationOfAsync(events), inbound.MessageId)).Single();

        Assert.That(attachment.GetProperty("status").GetString(), Is.EqualTo("stored"));
    }

    [Test]
    public async Task A_picture_with_no_text_reaches_the_inbox_when_it_is_handed_to_people()
    {
        var events = Events.ForNewCustomer();
        var inbound = WithMedia(events, "", new InboundMedia { Url = Serve($"/vonage/{Guid.NewGuid():N}", 200, "image/png", MediaCheckTests.Png), Provider = "vonage" });

        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        await Service.PublishEscalationAsync(events.Escalated(inbound) with { Reason = EscalationReason.NoMatchingSession });

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement listed;
        do
        {
            var page = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations?q={Uri.EscapeDataString(events.Customer)}");
            listed = page.GetProperty("items").EnumerateArray().SingleOrDefault();
            if (listed.ValueKind == JsonValueKind.Object && listed.GetProperty("owner").GetString() != "automation") break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        var attachment = (await SettledAttachmentsAsync(listed.GetProperty("id").GetGuid(), inbound.MessageId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("waiting_on_agent"));
            Assert.That(listed.GetProperty("unreadCount").GetInt32(), Is.EqualTo(1));
            Assert.That(attachment.GetProperty("isImage").GetBoolean(), Is.True);
        });
    }

    private async Task<Guid> UploadAsync(Guid conversationId, byte[] content, string type, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var response = await Client.PostAsync($"/v1/conversations/{conversationId}/attachments", body);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        return expected == HttpStatusCode.Created ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    [Test]
    public async Task An_agent_sends_a_picture_through_Twilio_as_a_signed_url_the_carrier_can_fetch_until_it_expires()
    {
        var events = new Events(TestNumbers.Unique(), TwilioNumber);
        await Service.Projection.RecordInboundAsync(events.Inbound("Can you show me?", DateTimeOffset.UtcNow), CancellationToken.None);
        var conversation = await ConversationOfAsync(events);

        var attachmentId = await UploadAsync(conversation, MediaCheckTests.Png, "image/png");
        using var reply = await Client.PostAsJsonAsync($"/v1/conversations/{conversation}/replies", new { text = "This one", attachmentId });
        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await reply.Content.ReadAsStringAsync());
        var messageId = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();

        var send = await Service.Bus.PublishedEventuallyAsync<SendSms>(m => m.MessageId == messageId);
        Assert.That(send?.Media, Is.Not.Null);
        var url = new Uri(send!.Media!.Url);
        using var anonymous = Service.AnonymousClient();
        using var fetched = await anonymous.GetAsync(url.PathAndQuery);
        using var tampered = await anonymous.GetAsync(url.PathAndQuery.Replace("signature=", "signature=x", StringComparison.Ordinal));
        using var unsigned = await anonymous.GetAsync(url.AbsolutePath);
        using var inboxOnly = await anonymous.GetAsync($"/v1/attachments/{attachmentId}");
        var shown = (await ThreadMessageAsync(conversation, messageId)).GetProperty("attachments")[0];

        Assert.Multiple(async () =>
        {
            Assert.That(url.GetLeftPart(UriPartial.Authority), Is.EqualTo("https://inbox.example.com"));
            Assert.That(send.Media.ContentType, Is.EqualTo("image/png"));
            Assert.That(send.Media.AttachmentId, Is.EqualTo(attachmentId));
            Assert.That(send.Text, Is.EqualTo("This one"));
            Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await fetched.Content.ReadAsByteArrayAsync(), Is.EqualTo(MediaCheckTests.Png));
            Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unsigned.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(inboxOnly.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(shown.GetProperty("id").GetGuid(), Is.EqualTo(attachmentId), "the picture shows with the reply in the thread");
        });
    }

    [Test]
    public async Task A_picture_larger_than_other_request_bodies_can_be_uploaded_up_to_the_attachment_cap()
    {
        var events = Events.ForNewCustomer();
        await Service.Projection.RecordInboundAsync(events.Inbound("Big photo please", DateTimeOffset.UtcNow), CancellationToken.None);
        var conversation = await ConversationOfAsync(events);

        var attachmentId = await UploadAsync(conversation, [.. MediaCheckTests.Png, .. new byte[280 * 1024]], "image/png");

        using var served = await Client.GetAsync($"/v1/attachments/{attachmentId}");
        Assert.That((await served.Content.ReadAsByteArrayAsync()).Length, Is.EqualTo(MediaCheckTests.Png.Length + 280 * 1024));
    }

    [Test]
    public async Task A_picture_alone_is_a_reply()
    {
        var events = new Events(TestNumbers.Unique(), TwilioNumber);
        await Service.Projection.RecordInboundAsync(events.Inbound("Photo please", DateTimeOffset.UtcNow), CancellationToken.None);
        var conversation = await ConversationOfAsync(events);
        var attachmentId = await UploadAsync(conversation, MediaCheckTests.Jpeg, "image/jpeg");

        using var reply = await Client.PostAsJsonAsync($"/v1/conversations/{conversation}/replies", new { attachmentId });

        Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await reply.Content.ReadAsStringAsync());
        var messageId = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();
        var send = await Service.Bus.PublishedEventuallyAsync<SendSms>(m => m.MessageId == messageId);
        Assert.That(send?.Media?.ContentType, Is.EqualTo("image/jpeg"));
    }

    [Test]
    public async Task A_picture_for_a_number_whose_carrier_cannot_send_pictures_is_refused_with_a_clear_error()
    {
        var events = Events.ForNewCustomer();
        await Service.Projection.RecordInboundAsync(events.Inbound("Photo please", DateTimeOffset.UtcNow), CancellationToken.None);
        var conversation = await ConversationOfAsync(events);
        var attachmentId = await UploadAsync(conversation, MediaCheckTests.Png, "image/png");

        using var reply = await Client.PostAsJsonAsync($"/v1/conversations/{conversation}/replies", new { text = "Here", attachmentId });

        Assert.Multiple(async () =>
        {
            Assert.That(reply.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await reply.Content.ReadAsStringAsync(), Does.Contain("carrier (vonage) cannot send pictures"));
        });
    }

    [Test]
    public async Task An_upload_that_is_not_a_picture_or_of_another_type_or_too_large_is_refused()
    {
        var events = Events.ForNewCustomer();
        await Service.Projection.RecordInboundAsync(events.Inbound("hi", DateTimeOffset.UtcNow), CancellationToken.None);
        var conversation = await ConversationOfAsync(events);

        await UploadAsync(conversation, MediaCheckTests.Html, "image/png", HttpStatusCode.BadRequest);
        await UploadAsync(conversation, MediaCheckTests.Pdf, "application/pdf", HttpStatusCode.BadRequest);
        await UploadAsync(conversation, [.. MediaCheckTests.Png, .. new byte[MaxBytes]], "image/png", HttpStatusCode.RequestEntityTooLarge);
    }
}

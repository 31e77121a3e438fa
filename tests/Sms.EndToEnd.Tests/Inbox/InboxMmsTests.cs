using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using Sms.Contracts.Inbound;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// Pictures and files (MMS) over the real processes, as a customer and an agent meet them: a customer's picture with
/// no text, sent to a Twilio number, reaches the inbox and shows inline in the thread; the agent answers with a picture
/// that goes out through Twilio as a MediaUrl; a Vonage customer's file ends in the thread as a download.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InboxMmsTests : InboxBrowserTests
{
    private sealed record SimulatedMessage(string Provider, string From, string To, string Text, List<string> MessageIds, List<string> MediaUrls);

    private static async Task<Guid?> ConversationIdAsync(string customer)
    {
        await using var connection = await Platform.Postgres.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT id FROM conversations.conversations WHERE customer_number = @customer", new { customer });
    }

    private static async Task<JsonElement[]> AttachmentsOfAsync(Guid conversationId)
    {
        var page = await Platform.Conversations.GetFromJsonAsync<JsonElement>($"/v1/conversations/{conversationId}/messages");
        return [.. page.GetProperty("items").EnumerateArray()
            .Where(m => m.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array)
            .SelectMany(m => m.GetProperty("attachments").EnumerateArray())];
    }

    [Test]
    public async Task A_Mms_picture_with_no_text_reaches_the_inbox_inline_and_the_agent_answers_with_a_picture_through_Twilio()
    {
        var page = await OpenPageAsync();
        await SignInAsync(page);
        var customer = Platform.NewCustomerNumber();

        using var mms = await Platform.Simulator.PostAsJsonAsync("/simulator/inbound",
            new { from = customer, to = PlatformLauncher.TwilioBusinessNumber, text = "", media = new { contentType = "image/png" } });
        Assert.That(mms.StatusCode, Is.EqualTo(HttpStatusCode.OK), await mms.Content.ReadAsStringAsync());
        var inbound = await Platform.Events.WaitForAsync<InboundSmsReceived>(m => m.From == customer);
        Assert.Multiple(() =>
        {
            Assert.That(inbound.Text, Is.Empty);
            Assert.That(inbound.Media!.Single().Provider, Is.EqualTo("twilio"));
        });

        // Handed to people (nothing to classify in a picture), waiting in the agent's queue, the picture shown inline.
        var id = await Eventually.MatchesAsync(() => ConversationIdAsync(customer), i => i is not null, "The conversation being stored", TimeSpan.FromSeconds(30));
        var item = page.Locator($"[data-testid=conversation-item][data-conversation-id='{id}']");
        await Expect(item).ToHaveAttributeAsync("data-status", "waiting_on_agent", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await Eventually.MatchesAsync(() => AttachmentsOfAsync(id!.Value), a => a.Length == 1 && a[0].GetProperty("status").GetString() == "stored",
            "The picture being fetched from Twilio and stored", TimeSpan.FromSeconds(30));
        await item.ClickAsync();
        var image = page.GetByTestId("thread").GetByTestId("attachment-image");
        await Expect(image).ToBeVisibleAsync();
        Assert.That(await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0"), Is.EqualTo(96), "the stored picture loads through the authenticated endpoint");
        await InboxScreenshots.SaveAsync(page, "14-mms-picture-in-thread.png");

        // The agent answers with a picture: uploaded, sent as a signed MediaUrl through Twilio.
        var picture = Path.Combine(Path.GetTempPath(), $"mms-reply-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(picture, Convert.FromBase64String(SamplePng));
        try
        {
            await page.GetByTestId("compose-picture").SetInputFilesAsync(picture);
            await Expect(page.GetByTestId("compose-picture-chosen")).ToBeVisibleAsync();
            await page.GetByTestId("compose-text").FillAsync("Here is the part you need.");
            await page.GetByTestId("send-button").ClickAsync();
        }
        finally
        {
            File.Delete(picture);
        }

        var atCarrier = await Eventually.MatchesAsync(
            async () => await Platform.Simulator.GetFromJsonAsync<List<SimulatedMessage>>($"/simulator/messages?to={Uri.EscapeDataString(customer)}") ?? [],
            m => m.Any(s => s.MediaUrls.Count == 1), "The picture reaching the customer through Twilio", TimeSpan.FromSeconds(30));
        var sent = atCarrier.Single(s => s.MediaUrls.Count == 1);
        using var anonymous = new HttpClient();
        using var fetched = await anonymous.GetAsync(sent.MediaUrls[0]);
        Assert.Multiple(async () =>
        {
            Assert.That(sent.Provider, Is.EqualTo("twilio"));
            Assert.That(sent.Text, Is.EqualTo("Here is the part you need."));
            Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Twilio can fetch the signed URL without our credentials");
            Assert.That(await fetched.Content.ReadAsByteArrayAsync(), Is.EqualTo(Convert.FromBase64String(SamplePng)));
        });
        await Expect(page.GetByTestId("thread").GetByTestId("attachment-image")).ToHaveCountAsync(2);
        await InboxScreenshots.SaveAsync(page, "15-mms-agent-picture.png");
    }

    [Test]
    public async Task A_Mms_file_from_a_Vonage_customer_ends_in_the_thread_as_a_download()
    {
        var customer = Platform.NewCustomerNumber();
        var pdf = "%PDF-1.4\n% the quote\n"u8.ToArray();

        using var mms = await Platform.Simulator.PostAsJsonAsync("/simulator/inbound",
            new { from = customer, to = Platform.BusinessNumber, text = "My quote", media = new { contentType = "application/pdf", base64 = Convert.ToBase64String(pdf) } });
        Assert.That(mms.StatusCode, Is.EqualTo(HttpStatusCode.OK), await mms.Content.ReadAsStringAsync());
        var inbound = await Platform.Events.WaitForAsync<InboundSmsReceived>(m => m.From == customer);
        var id = await Eventually.MatchesAsync(() => ConversationIdAsync(customer), i => i is not null, "The conversation being stored", TimeSpan.FromSeconds(30));
        var attachment = (await Eventually.MatchesAsync(() => AttachmentsOfAsync(id!.Value),
            a => a.Length == 1 && a[0].GetProperty("status").GetString() == "stored", "The file being fetched from Vonage and stored", TimeSpan.FromSeconds(30)))[0];
        using var served = await Platform.Conversations.GetAsync(attachment.GetProperty("url").GetString());

        Assert.Multiple(async () =>
        {
            Assert.That(inbound.Provider, Is.EqualTo("vonage"));
            Assert.That(inbound.Text, Is.EqualTo("My quote"));
            Assert.That(attachment.GetProperty("contentType").GetString(), Is.EqualTo("application/pdf"));
            Assert.That(attachment.GetProperty("isImage").GetBoolean(), Is.False);
            Assert.That(await served.Content.ReadAsByteArrayAsync(), Is.EqualTo(pdf));
            Assert.That(served.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(served.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        });
    }

    /// <summary>A 96×64 PNG, as the carrier simulator's sample picture.</summary>
    private const string SamplePng =
        "iVBORw0KGgoAAAANSUhEUgAAAGAAAABACAIAAABqVuVZAAABZ0lEQVR42u3QXysDcBjF8fNyvAgvTJIkSVqSJEmSJM0wMzMzMzMzM8zfN3HegSsXu3Hjmd+zq2ed+lyfU19MZCkGTB5QDJjKUQyYPqQYMHNEMWD2mGLAXJ5iwPwJR8B3e+wvQy5jocDojDp9w4xj8ZRxDUzzm+8CmSLjSgrku8DSGYNKqtPneMFyiRE56vSlHmHlnBG5A6UeYbXMiNyBUo+wdsGI3IFSj7BeYUTuQKlH2LhkRO5AqUfYrDIid6DUI2xdMSJ3oNQjbNcYkTtQ6hF2rhmUo47jBbt1xpVUx3eBvRvGlRTId4H9BqMbmGaYcWRvOQKMOkMuI9ekGHB0RzEg36IYULinGFBsUwwoPVAMKHcoBlQeKQZUuxQDak8UA+rPFAMaLxQDmj2KAa1XigHtN4oBnXeKAd0PigHPnxQDel8UA8Yz42JQIAVSIAVSIAVSIAVSIFEgBVIgBVIgBVIgBRIF+r8fboTRYbe6GTsAAAAASUVORK5CYII=";
}

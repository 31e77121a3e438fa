using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Http;

/// <summary>The HTTP API of the real service (bus swapped for the in-memory test harness, real PostgreSQL).</summary>
public sealed class ConversationsApiTests : InboxServiceTest
{
    private ThreadProjection Projection => Service.Projection;

    private ConversationHandoff Handoff => Service.Handoff;

    [Test]
    public async Task The_thread_lists_a_customers_messages_oldest_first_across_our_numbers()
    {
        var events = Events.ForNewCustomer();
        var otherNumber = new Events(events.Customer, TestNumbers.Unique());
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var reminder = events.Request("Reply YES to confirm.");
        var reply = events.Inbound("YES", t0.AddSeconds(20));
        var fromOtherNumber = otherNumber.Inbound("and another thing", t0.AddSeconds(40));
        // Stored out of order: the thread is ordered by time, not by arrival.
        await Projection.RecordInboundAsync(fromOtherNumber, CancellationToken.None);
        await Projection.RecordInboundAsync(reply, CancellationToken.None);
        await Projection.RecordSentAsync(events.Sent(reminder, t0), CancellationToken.None);

        using var response = await Client.GetAsync($"/v1/conversations/by-number/{Uri.EscapeDataString(events.Customer)}/messages");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var thread = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(thread.EnumerateArray().Select(m => m.GetProperty("messageId").GetGuid()),
            Is.EqualTo(new[] { reminder.MessageId, reply.MessageId, fromOtherNumber.MessageId }));
        var first = thread[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("direction").GetString(), Is.EqualTo("outbound"));
            Assert.That(first.GetProperty("customerNumber").GetString(), Is.EqualTo(events.Customer));
            Assert.That(first.GetProperty("businessNumber").GetString(), Is.EqualTo(events.Business));
            Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("sent"));
            Assert.That(first.GetProperty("origin").GetString(), Is.EqualTo("upstream"));
            Assert.That(first.GetProperty("category").GetString(), Is.EqualTo("transactional"));
            Assert.That(first.GetProperty("providerMessageIds").GetArrayLength(), Is.EqualTo(1));
            Assert.That(first.GetProperty("segments").GetInt32(), Is.EqualTo(1));
            Assert.That(first.GetProperty("encoding").GetString(), Is.EqualTo("gsm7"));
            Assert.That(first.GetProperty("createdAt").GetDateTimeOffset(), Is.EqualTo(t0).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(thread[1].GetProperty("text").GetString(), Is.EqualTo("YES"));
            Assert.That(thread[2].GetProperty("businessNumber").GetString(), Is.EqualTo(otherNumber.Business));
        });
    }

    [Test]
    public async Task A_message_sent_in_parts_shows_its_status_and_each_parts()
    {
        var events = Events.ForNewCustomer();
        var sent = events.Sent(events.Request("A long reminder"), DateTimeOffset.UtcNow, Events.NewProviderId(), Events.NewProviderId(), Events.NewProviderId());
        await Projection.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[2], Sms.Contracts.Inbound.DeliveryStatus.Expired), CancellationToken.None);
        await Projection.RecordSentAsync(sent, CancellationToken.None);
        await Projection.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[0], Sms.Contracts.Inbound.DeliveryStatus.Delivered), CancellationToken.None);
        await Projection.RecordDeliveryStatusAsync(events.Receipt(sent.ProviderMessageIds[0], Sms.Contracts.Inbound.DeliveryStatus.Accepted), CancellationToken.None);

        using var response = await Client.GetAsync($"/v1/conversations/by-number/{Uri.EscapeDataString(events.Customer)}/messages");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Multiple(() =>
        {
            Assert.That(message.GetProperty("status").GetString(), Is.EqualTo("partially_delivered"));
            Assert.That(message.GetProperty("parts").EnumerateArray()
                    .Select(p => (p.GetProperty("providerMessageId").GetString(), p.GetProperty("status").GetString())),
                Is.EqualTo(new[] { (sent.ProviderMessageIds[0], "delivered"), (sent.ProviderMessageIds[1], "sent"), (sent.ProviderMessageIds[2], "expired") }));
        });
    }

    [Test]
    public async Task A_number_with_no_messages_has_an_empty_thread()
    {
        using var response = await Client.GetAsync($"/v1/conversations/by-number/{Uri.EscapeDataString(TestNumbers.Unique())}/messages");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_plus_left_unencoded_in_the_path_is_still_a_plus()
    {
        var events = Events.ForNewCustomer();
        await Projection.RecordInboundAsync(events.Inbound("hi", DateTimeOffset.UtcNow), CancellationToken.None);

        using var response = await Client.GetAsync($"/v1/conversations/by-number/{events.Customer}/messages");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_request_without_an_API_key_is_refused()
    {
        using var anonymous = Service.Factory.CreateClient();

        using var thread = await anonymous.GetAsync("/v1/conversations/by-number/%2B15550000000/messages");
        using var list = await anonymous.GetAsync("/v1/conversations");

        Assert.That(thread.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("447700900123")]
    [TestCase("%2B44-7700-900123")]
    [TestCase("not-a-number")]
    [TestCase("%2B0447700900123")]
    [TestCase("%20%2B447700900123")]
    public async Task A_number_that_is_not_E164_is_a_bad_request(string number)
    {
        using var response = await Client.GetAsync($"/v1/conversations/by-number/{number}/messages");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("customerNumber")[0].GetString(), Does.Contain("E.164"));
    }

    [Test]
    public async Task Conversations_are_listed_newest_first_with_their_message_count()
    {
        // Instants long past, unique to this test: `before` pages straight to them whatever else the database holds.
        var t0 = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(Random.Shared.NextInt64(0, 300_000_000_000));
        var older = Events.ForNewCustomer();
        var newer = Events.ForNewCustomer();
        await Projection.RecordInboundAsync(older.Inbound("hi", t0), CancellationToken.None);
        await Projection.RecordSentAsync(older.Sent(older.Request("hello"), t0.AddMilliseconds(1)), CancellationToken.None);
        var escalating = newer.Inbound("help", t0.AddMilliseconds(2));
        await Projection.RecordInboundAsync(escalating, CancellationToken.None);
        await Handoff.EscalateAsync(newer.Escalated(escalating), null, CancellationToken.None);
        var before = Uri.EscapeDataString(t0.AddMilliseconds(3).ToString("O"));

        var page = await GetListAsync($"/v1/conversations?limit=2&before={before}");
        var waiting = await GetListAsync($"/v1/conversations?status=waiting_on_agent&limit=1&before={before}");

        Assert.That(page.Select(c => c.GetProperty("customerNumber").GetString()), Is.EqualTo(new[] { newer.Customer, older.Customer }));
        Assert.Multiple(() =>
        {
            Assert.That(page[0].GetProperty("status").GetString(), Is.EqualTo("waiting_on_agent"));
            Assert.That(page[0].GetProperty("escalationReason").GetString(), Is.EqualTo("no_matching_session"));
            Assert.That(page[1].GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(page[1].GetProperty("messageCount").GetInt64(), Is.EqualTo(2));
            Assert.That(page[1].GetProperty("businessNumber").GetString(), Is.EqualTo(older.Business));
            Assert.That(page[1].GetProperty("lastMessageAt").GetDateTimeOffset(), Is.EqualTo(t0.AddMilliseconds(1)));
            Assert.That(page[1].GetProperty("id").GetGuid(), Is.Not.EqualTo(Guid.Empty));
            Assert.That(waiting.Select(c => c.GetProperty("customerNumber").GetString()), Is.EqualTo(new[] { newer.Customer }));
        });
    }

    [TestCase("status=closed", "status")]
    [TestCase("limit=0", "limit")]
    [TestCase("before=yesterday", "before")]
    public async Task A_bad_list_query_is_a_bad_request_naming_the_parameter(string query, string parameter)
    {
        using var response = await Client.GetAsync($"/v1/conversations?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(parameter, out _), Is.True);
    }

    private async Task<JsonElement[]> GetListAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }
}

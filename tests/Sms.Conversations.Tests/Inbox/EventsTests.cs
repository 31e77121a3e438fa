using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sms.Conversations.Background;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>GET /v1/events: a new message arrives as events, and a reconnect with Last-Event-ID gets what it missed.</summary>
public sealed class EventsTests : InboxServiceTest
{
    [Test]
    public async Task A_new_message_arrives_live_and_a_reconnect_resumes_after_the_last_event_id()
    {
        var events = Events.ForNewCustomer();
        using var client = Service.ApiKeyClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        string lastId;
        using (var stream = await OpenAsync(client, null, timeout.Token))
        {
            var first = events.Inbound("is anyone there?", DateTimeOffset.UtcNow);
            await Service.Projection.RecordInboundAsync(first, CancellationToken.None);

            var message = await stream.NextAsync("message", e => e.Data.GetProperty("message").GetProperty("messageId").GetGuid() == first.MessageId, timeout.Token);
            var conversation = await stream.NextAsync("conversation", e => e.Data.GetProperty("customerNumber").GetString() == events.Customer, timeout.Token);
            Assert.That(message.Data.GetProperty("message").GetProperty("text").GetString(), Is.EqualTo("is anyone there?"));
            Assert.That(conversation.Data.GetProperty("unreadCount").GetInt32(), Is.EqualTo(1));
            lastId = conversation.Id;
        }

        // Missed while disconnected.
        var second = events.Inbound("hello?", DateTimeOffset.UtcNow);
        await Service.Projection.RecordInboundAsync(second, CancellationToken.None);

        using var resumed = await OpenAsync(client, lastId, timeout.Token);
        var missed = await resumed.NextAsync("message", e => e.Data.GetProperty("conversationId").GetGuid() != Guid.Empty
            && e.Data.GetProperty("message").GetProperty("messageId").GetGuid() == second.MessageId, timeout.Token);
        Assert.That(long.Parse(missed.Id, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(long.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task A_reader_resuming_from_before_a_pruning_is_told_to_reload_then_follows_from_there()
    {
        var events = Events.ForNewCustomer();
        using var client = Service.ApiKeyClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var feed = Service.Factory.Services.GetRequiredService<ChangeFeedStore>();
        string lastId;
        using (var stream = await OpenAsync(client, null, timeout.Token))
        {
            var first = events.Inbound("first", DateTimeOffset.UtcNow);
            await Service.Projection.RecordInboundAsync(first, CancellationToken.None);
            lastId = (await stream.NextAsync("message", e => e.Data.GetProperty("message").GetProperty("messageId").GetGuid() == first.MessageId, timeout.Token)).Id;
        }
        var missed = events.Inbound("missed, then pruned", DateTimeOffset.UtcNow);
        await Service.Projection.RecordInboundAsync(missed, CancellationToken.None);
        while (await feed.PruneAsync(DateTimeOffset.UtcNow.AddMinutes(1), 1_000, CancellationToken.None) == 1_000) { }
        var prunedThrough = await feed.PrunedThroughAsync(CancellationToken.None);

        using var resumed = await OpenAsync(client, lastId, timeout.Token);
        var reset = await resumed.NextAsync("reset", _ => true, timeout.Token);
        var after = events.Inbound("after the pruning", DateTimeOffset.UtcNow);
        await Service.Projection.RecordInboundAsync(after, CancellationToken.None);
        var next = await resumed.NextAsync("message", _ => true, timeout.Token);

        Assert.Multiple(() =>
        {
            Assert.That(prunedThrough, Is.GreaterThan(long.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(reset.Data.GetProperty("position").GetInt64(), Is.EqualTo(prunedThrough));
            Assert.That(next.Data.GetProperty("message").GetProperty("messageId").GetGuid(), Is.EqualTo(after.MessageId),
                "the first message after the reset is the new one: the pruned one is not replayed, nor passed silently");
        });
    }

    [Test]
    public async Task The_pruner_removes_the_changes_older_than_the_retention_and_keeps_the_rest()
    {
        var events = Events.ForNewCustomer();
        var feed = Service.Factory.Services.GetRequiredService<ChangeFeedStore>();
        var pruner = Service.Factory.Services.GetRequiredService<ChangeFeedPruner>();
        await using var connection = await Service.Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var old = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO conversations.changes (kind, conversation_id, recorded_at)
            VALUES ('conversation', gen_random_uuid(), now() - interval '8 days') RETURNING position
            """);
        var recent = events.Inbound("recent", DateTimeOffset.UtcNow);
        await Service.Projection.RecordInboundAsync(recent, CancellationToken.None);
        var latest = await feed.LatestAsync(CancellationToken.None);

        var pruned = await pruner.PruneAsync(CancellationToken.None);

        var positions = await connection.QueryAsync<long>("SELECT position FROM conversations.changes WHERE position IN (@Old, @Latest)", new { Old = old, Latest = latest });
        Assert.Multiple(async () =>
        {
            Assert.That(pruned, Is.GreaterThanOrEqualTo(1));
            Assert.That(positions, Is.EqualTo(new[] { latest }), "the 8-day-old change went; the recent one stays (retention 7 days)");
            Assert.That(await feed.PrunedThroughAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(old));
        });
    }

    [Test]
    public async Task A_bad_last_event_id_is_400()
    {
        using var client = Service.ApiKeyClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<EventStream> OpenAsync(HttpClient client, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events");
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    private sealed record ServerEvent(string Id, string Name, JsonElement Data);

    private sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<ServerEvent> NextAsync(string name, Func<ServerEvent, bool> match, CancellationToken cancellationToken)
        {
            string? id = null, eventName = null, data = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    if (id is not null && eventName == name && data is not null)
                    {
                        var found = new ServerEvent(id, eventName, JsonDocument.Parse(data).RootElement.Clone());
                        if (match(found))
                            return found;
                    }
                    id = eventName = data = null;
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            }
            throw new InvalidOperationException("The event stream ended.");
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}

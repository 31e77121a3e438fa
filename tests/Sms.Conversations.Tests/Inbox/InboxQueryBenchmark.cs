using System.Diagnostics;
using Dapper;
using Sms.Conversations.Data;
using Sms.Conversations.Http;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// How the inbox's paged queries behave over a million messages. Not part of the normal run: run it with
/// <c>dotnet test tests/Sms.Conversations.Tests -c Release --filter TestCategory=Benchmark</c>.
/// It generates 10,000 conversations with 100 messages each inside one transaction on the test database, runs
/// EXPLAIN (ANALYZE) of the real list and thread queries, prints the plans and times, and rolls everything back.
/// </summary>
[Explicit("A benchmark: generates a million rows (about a minute)"), Category("Benchmark")]
public sealed class InboxQueryBenchmark
{
    [Test]
    public async Task List_and_thread_pages_stay_fast_over_a_million_messages()
    {
        var dataSource = await TestDatabase.GetAsync("conversations", typeof(Program).Assembly);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var watch = Stopwatch.StartNew();
        await connection.ExecuteAsync("""
            INSERT INTO conversations.conversations (customer_number, business_number, status, last_message_at, flagged, labels, assignee)
            SELECT '+1555' || lpad(i::text, 7, '0'), '+15550009999',
                   (ARRAY['open', 'waiting_on_agent', 'resolved'])[1 + i % 3],
                   timestamptz '2020-01-01' + i * interval '1 minute', i % 50 = 0,
                   CASE WHEN i % 20 = 0 THEN ARRAY['bench-vip'] ELSE '{}' END, NULL
            FROM generate_series(1, 10000) AS i;
            INSERT INTO conversations.messages (message_id, conversation_id, direction, customer_number, business_number, text, origin, status, created_at)
            SELECT gen_random_uuid(), c.id, CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END, c.customer_number, c.business_number,
                   'benchmark message ' || n || ' about order ' || (n * 7919 % 100000), CASE WHEN n % 2 = 0 THEN 'customer' ELSE 'upstream' END,
                   CASE WHEN n % 2 = 0 THEN 'received' ELSE 'sent' END, c.last_message_at - (100 - n) * interval '1 second'
            FROM conversations.conversations c, generate_series(1, 100) AS n
            WHERE c.business_number = '+15550009999';
            ANALYZE conversations.conversations; ANALYZE conversations.messages;
            """, transaction: transaction, commandTimeout: 600);
        TestContext.Out.WriteLine($"Generated 10,000 conversations and 1,000,000 messages in {watch.Elapsed.TotalSeconds:F1} s");

        var (conversationId, lastMessageAt) = await connection.QuerySingleAsync<(Guid, DateTime)>(
            "SELECT id, last_message_at FROM conversations.conversations WHERE business_number = '+15550009999' ORDER BY last_message_at DESC LIMIT 1",
            transaction: transaction);
        var cases = new (string Name, string Sql, object Parameters)[]
        {
            Query("list, first page", new ConversationListQuery(null, 50, null)),
            Query("list, status=waiting_on_agent", new ConversationListQuery("waiting_on_agent", 50, null)),
            Query("list, deep page (before = 5,000 conversations back)", new ConversationListQuery(null, 50, null)
                { Cursor = new PageCursor(new DateTimeOffset(2020, 1, 4, 11, 20, 0, TimeSpan.Zero), "") }),
            Query("list, flagged=true", new ConversationListQuery(null, 50, null) { FlaggedOnly = true }),
            Query("list, label=bench-vip", new ConversationListQuery(null, 50, null) { Label = "bench-vip" }),
            Query("list, assignee=none", new ConversationListQuery(null, 50, null) { Assignee = ConversationListQuery.Unassigned }),
            Query("list, q=order 4242 (text search)", new ConversationListQuery(null, 50, null) { Search = "order 4242" }),
            Query("list, q=5550001234 (number search)", new ConversationListQuery(null, 50, null) { Search = "5550001234" }),
            ("thread, newest page", ConversationStore.ThreadSql(false), new { ConversationId = conversationId, Take = 51 }),
            ("thread, older page", ConversationStore.ThreadSql(true),
                new { ConversationId = conversationId, Take = 51, BeforeAt = lastMessageAt.AddSeconds(-50), BeforeSeq = long.MaxValue }),
        };
        foreach (var (name, sql, parameters) in cases)
        {
            var plan = (await connection.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters, transaction)).ToList();
            TestContext.Out.WriteLine($"--- {name}: {plan.Last(l => l.StartsWith("Execution Time", StringComparison.Ordinal))}");
            foreach (var line in plan)
                TestContext.Out.WriteLine(line);
            var execution = double.Parse(plan.Last(l => l.StartsWith("Execution Time", StringComparison.Ordinal)).Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(execution, Is.LessThan(name.Contains("text search", StringComparison.Ordinal) ? 2000 : 100), name);
        }
        await transaction.RollbackAsync();
    }

    private static (string, string, object) Query(string name, ConversationListQuery query)
    {
        var (sql, parameters) = ConversationStore.ListCommand(query);
        return (name, sql, parameters);
    }
}

using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sms.Benchmark.Report;
using Sms.Conversations.Data;
using Sms.Conversations.Http;
using Sms.ServiceDefaults.Data;

namespace Sms.Benchmark.Inbox;

/// <summary>
/// <c>Sms.Benchmark inbox-queries</c>: how the inbox's paged queries behave over many messages (a million by default).
/// Creates a scratch database, applies Conversations' migrations to it as the service does at start
/// (<see cref="DatabaseMigrations"/>), generates conversations of 100 messages each, then times every list filter's
/// first page, a deep page, both searches and two thread pages through Conversations' own store
/// (<see cref="ConversationStore"/>, the queries the API runs), and drops the database, also when stopped or failed.
/// </summary>
public sealed class InboxQueryBenchmark(InboxQueryOptions options, TextWriter output)
{
    private const string BusinessNumber = "+15550009999";
    private const int PageSize = 50;
    private const int WarmUpRuns = 2;
    private const int ConversationsPerBatch = 500;
    private static readonly DateTimeOffset FirstActivity = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <returns>0; 1 when a query's median is over its budget; 2 when the scratch database cannot be created.</returns>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Postgres);
        var scratch = "sms_inbox_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            try
            {
                await admin.CreateCommand($"CREATE DATABASE {scratch}").ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                await Console.Error.WriteLineAsync(
                    $"The role {server.Username} may not create databases ({e.MessageText}). Grant it once as the server's superuser: " +
                    $"ALTER ROLE {server.Username} CREATEDB; or pass a connection string whose role may.");
                return 2;
            }
        }
        output.WriteLine($"Scratch database {scratch} on {server.Host}:{server.Port} (dropped at the end)");

        try
        {
            var scratchConnection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = scratch, CommandTimeout = 600 };
            await using var dataSource = NpgsqlDataSource.Create(scratchConnection.ConnectionString);
            var applied = await new DatabaseMigrations("conversations", typeof(ConversationStore).Assembly)
                .ApplyAsync(dataSource, NullLogger.Instance, cancellationToken);
            output.WriteLine($"Conversations' migrations applied: {string.Join(", ", applied)}");

            await GenerateAsync(dataSource, cancellationToken);
            var timings = await MeasureAsync(new ConversationStore(dataSource), dataSource, cancellationToken);

            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Conversations:N0} conversations, {options.Conversations * InboxQueryOptions.MessagesPerConversation:N0} messages; " +
                $"{options.Runs} timed runs per query after {WarmUpRuns} untimed, at the client through ConversationStore (pages of {PageSize}):"));
            output.WriteLine(InboxQueryTable.Format(timings));
            return timings.Any(t => t.OverBudget) ? 1 : 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
            await admin.CreateCommand($"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)").ExecuteNonQueryAsync(CancellationToken.None);
            output.WriteLine($"Scratch database {scratch} dropped");
        }
    }

    /// <summary>The conversations, then their messages in batches with a progress line, then fresh statistics.</summary>
    private async Task GenerateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var conversations = options.Conversations;
        var total = (long)conversations * InboxQueryOptions.MessagesPerConversation;
        long generated = 0;
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // Every conversation a minute after the previous; every third waiting on an agent, every 50th flagged, every
        // 20th labelled bench-vip; nobody assigned. Their messages alternate inbound and outbound, a second apart.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.conversations (customer_number, business_number, status, last_message_at, flagged, labels, assignee)
            SELECT '+1555' || lpad(i::text, 7, '0'), @BusinessNumber,
                   (ARRAY['open', 'waiting_on_agent', 'resolved'])[1 + i % 3],
                   @FirstActivity + i * interval '1 minute', i % 50 = 0,
                   CASE WHEN i % 20 = 0 THEN ARRAY['bench-vip'] ELSE '{}' END, NULL
            FROM generate_series(1, @Conversations) AS i
            """, new { BusinessNumber, FirstActivity, Conversations = conversations }, cancellationToken: cancellationToken));

        var progress = new ProgressLine(output, interactive: !Console.IsOutputRedirected);
        using (progress.Show(() => string.Create(CultureInfo.InvariantCulture,
                   $"generating: {Interlocked.Read(ref generated):N0}/{total:N0} messages, {watch.Elapsed.TotalSeconds:F1} s")))
        {
            for (var first = 1; first <= conversations; first += ConversationsPerBatch)
            {
                var last = Math.Min(conversations, first + ConversationsPerBatch - 1);
                var rows = await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO conversations.messages (message_id, conversation_id, direction, customer_number, business_number, text, origin, status, created_at)
                    SELECT gen_random_uuid(), c.id, CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END, c.customer_number, c.business_number,
                           'benchmark message ' || n || ' about order ' || (n * 7919 % 100000), CASE WHEN n % 2 = 0 THEN 'customer' ELSE 'upstream' END,
                           CASE WHEN n % 2 = 0 THEN 'received' ELSE 'sent' END, c.last_message_at - (@PerConversation - n) * interval '1 second'
                    FROM conversations.conversations c, generate_series(1, @PerConversation) AS n
                    WHERE c.business_number = @BusinessNumber AND c.customer_number BETWEEN @First AND @Last
                    """, new
                {
                    BusinessNumber,
                    PerConversation = InboxQueryOptions.MessagesPerConversation,
                    First = Customer(first),
                    Last = Customer(last),
                }, cancellationToken: cancellationToken));
                Interlocked.Add(ref generated, rows);
            }
        }

        // As autovacuum leaves a table in service: statistics current, the visibility map set.
        foreach (var table in new[] { "conversations.conversations", "conversations.messages" })
            await connection.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {table}", cancellationToken: cancellationToken));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {conversations:N0} conversations and {Interlocked.Read(ref generated):N0} messages in {watch.Elapsed.TotalSeconds:F1} s (with VACUUM ANALYZE)"));
    }

    private async Task<IReadOnlyList<InboxQueryTiming>> MeasureAsync(ConversationStore store, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        Guid newest;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            newest = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
                "SELECT id FROM conversations.conversations ORDER BY last_message_at DESC LIMIT 1", cancellationToken: cancellationToken));
        }
        var newestPage = await store.GetConversationThreadAsync(newest, PageSize, null, cancellationToken);
        var oldestShown = newestPage.Messages[0];
        var olderCursor = PageCursor.Of(oldestShown.CreatedAt, oldestShown.Seq);
        // Half way down the list: the page an agent reaches after scrolling through half the conversations.
        var middle = new PageCursor(FirstActivity.AddMinutes(options.Conversations / 2), "");
        var numberDigits = Customer(Math.Min(1234, options.Conversations))[2..];

        ConversationListQuery List() => new(null, PageSize, null);
        var cases = new (string Name, Func<Task<int>> Run, double Budget)[]
        {
            ("list, first page", () => ListAsync(List()), 100),
            ("list, status=waiting_on_agent", () => ListAsync(new ConversationListQuery("waiting_on_agent", PageSize, null)), 100),
            ($"list, deep page (before = {options.Conversations / 2:N0} conversations back)", () => ListAsync(List() with { Cursor = middle }), 100),
            ("list, flagged=true", () => ListAsync(List() with { FlaggedOnly = true }), 100),
            ("list, label=bench-vip", () => ListAsync(List() with { Label = "bench-vip" }), 100),
            ("list, assignee=none", () => ListAsync(List() with { Assignee = ConversationListQuery.Unassigned }), 100),
            ("list, q=order 4242 (text search)", () => ListAsync(List() with { Search = "order 4242" }), 2000),
            ($"list, q={numberDigits} (number search)", () => ListAsync(List() with { Search = numberDigits }), 100),
            ("thread, newest page", async () => (await store.GetConversationThreadAsync(newest, PageSize, null, cancellationToken)).Messages.Count, 100),
            ("thread, older page", async () => (await store.GetConversationThreadAsync(newest, PageSize, olderCursor, cancellationToken)).Messages.Count, 100),
        };

        var timings = new List<InboxQueryTiming>();
        foreach (var (name, run, budget) in cases)
        {
            var rows = 0;
            for (var i = 0; i < WarmUpRuns; i++) rows = await run();
            var times = new List<double>(options.Runs);
            for (var i = 0; i < options.Runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            timings.Add(new InboxQueryTiming(name, rows, times, budget));
        }
        return timings;

        async Task<int> ListAsync(ConversationListQuery query) => (await store.ListConversationsAsync(query, cancellationToken)).Count;
    }

    private static string Customer(int i) => "+1555" + i.ToString("D7", CultureInfo.InvariantCulture);
}

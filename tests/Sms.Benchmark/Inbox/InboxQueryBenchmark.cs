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
/// (<see cref="DatabaseMigrations"/>), generates an inbox (<see cref="GenerateAsync"/>), then times every list filter's
/// first page, a deep page, searches that match many, one and no conversations, two thread pages and the contact
/// panel's prompts through Conversations' own queries (<see cref="InboxQueries"/>, the ones the API runs), and
/// drops the database, also when stopped or failed.
/// </summary>
public sealed class InboxQueryBenchmark(InboxQueryOptions options, TextWriter output)
{
    private const string BusinessNumber = "+15550009999";
    private const int PageSize = 50;
    private const int WarmUpRuns = 2;
    private const int ConversationsPerBatch = 5_000;
    private const int Agents = 5;
    private const int LongThread = 500;
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
        output.WriteLine($"Scratch database {scratch} on {server.Host}:{server.Port}{(options.KeepDatabase ? "" : " (dropped at the end)")}");

        try
        {
            var scratchConnection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = scratch, CommandTimeout = 600 };
            await using var dataSource = NpgsqlDataSource.Create(scratchConnection.ConnectionString);
            var applied = await new DatabaseMigrations("conversations", typeof(InboxQueries).Assembly)
                .ApplyAsync(dataSource, NullLogger.Instance, cancellationToken);
            output.WriteLine($"Conversations' migrations applied: {string.Join(", ", applied)}");

            await GenerateAsync(dataSource, cancellationToken);
            var timings = await MeasureAsync(new InboxQueries(dataSource), dataSource, cancellationToken);

            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Conversations:N0} conversations, {options.Conversations * InboxQueryOptions.MessagesPerConversation + LongThread:N0} messages; " +
                $"{options.Runs} timed runs per query after {WarmUpRuns} untimed, at the client through InboxQueries (pages of {PageSize}):"));
            output.WriteLine(InboxQueryTable.Format(timings));
            return timings.Any(t => t.OverBudget) ? 1 : 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (options.KeepDatabase)
            {
                output.WriteLine($"Scratch database {scratch} kept (--keep-database); drop it with: DROP DATABASE {scratch};");
            }
            else
            {
                await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
                await admin.CreateCommand($"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)").ExecuteNonQueryAsync(CancellationToken.None);
                output.WriteLine($"Scratch database {scratch} dropped");
            }
        }
    }

    /// <summary>
    /// An inbox as it looks in service: agents, conversations with contacts (names), labels, flags and assignees, their
    /// messages (varied texts) with each outbound message's status step and delivery receipt, and a prompt per
    /// conversation; generated in batches with a progress line, then fresh statistics.
    /// </summary>
    private async Task GenerateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var conversations = options.Conversations;
        var total = (long)conversations * InboxQueryOptions.MessagesPerConversation + LongThread;
        long generated = 0;
        var watch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // Conversation i: a minute after i-1; every third waiting on an agent, every 50th flagged, every 20th labelled
        // bench-vip, every fourth assigned to one of five agents. Its contact has one of 500 names (a surname is shared
        // by one contact in 25) and a prompt sent an hour before its last message.
        await connection.ExecuteAsync(new CommandDefinition($$"""
            INSERT INTO conversations.agents (username, display_name, role, password_hash)
            SELECT 'bench-agent-' || a, 'Bench Agent ' || a, 'agent', 'not a password hash' FROM generate_series(1, {{Agents}}) AS a;

            INSERT INTO conversations.conversations (customer_number, business_number, status, last_message_at, flagged, labels, assignee)
            SELECT '+1555' || lpad(i::text, 7, '0'), @BusinessNumber,
                   (ARRAY['open', 'waiting_on_agent', 'resolved'])[1 + i % 3],
                   @FirstActivity + i * interval '1 minute', i % 50 = 0,
                   CASE WHEN i % 20 = 0 THEN ARRAY['bench-vip'] ELSE '{}' END,
                   CASE WHEN i % 4 = 0 THEN 'bench-agent-' || (1 + (i / 4) % {{Agents}}) END
            FROM generate_series(1, @Conversations) AS i;

            INSERT INTO conversations.contacts (number, name, labels, engagement_score, consent_state)
            SELECT '+1555' || lpad(i::text, 7, '0'),
                   (ARRAY['Amara', 'Ben', 'Chloe', 'Dev', 'Elena', 'Femi', 'Grace', 'Hugo', 'Ines', 'Jon',
                          'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq'])[1 + i % 20] || ' ' ||
                   (ARRAY['Adams', 'Baker', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jensen', 'Khan',
                          'Lopez', 'Moreau', 'Nowak', 'Okafor', 'Patel', 'Quint', 'Rossi', 'Silva', 'Tanaka', 'Usman',
                          'Vogel', 'Walsh', 'Young', 'Zhou'])[1 + (i / 20) % 25],
                   CASE WHEN i % 7 = 0 THEN ARRAY['interest:a'] ELSE '{}' END, i % 60,
                   (ARRAY['opted_in', 'unknown', 'unknown', 'opted_out'])[1 + i % 4]
            FROM generate_series(1, @Conversations) AS i;

            INSERT INTO conversations.prompts (prompt_message_id, conversation_id, session_type, campaign_id, options, context, sent_at)
            SELECT gen_random_uuid(), c.id, 'appointment_reminder', 'bench-campaign',
                   '{"YES": "confirm_appointment", "NO": "reschedule_request"}', '{"appointment_id": "A-1001"}',
                   c.last_message_at - interval '1 hour'
            FROM conversations.conversations c;
            """, new { BusinessNumber, FirstActivity, Conversations = conversations }, cancellationToken: cancellationToken));

        var progress = new ProgressLine(output, interactive: !Console.IsOutputRedirected);
        using (progress.Show(() => string.Create(CultureInfo.InvariantCulture,
                   $"generating: {Interlocked.Read(ref generated):N0}/{total:N0} messages, {watch.Elapsed.TotalSeconds:F1} s")))
        {
            for (var first = 1; first <= conversations; first += ConversationsPerBatch)
            {
                var last = Math.Min(conversations, first + ConversationsPerBatch - 1);
                var batch = new { BusinessNumber, PerConversation = InboxQueryOptions.MessagesPerConversation, First = Customer(first), Last = Customer(last) };
                // Message n of conversation i, a second apart, alternating inbound and outbound; its text is one of six
                // openings and a reference number (ref 0000000 to 1000002) that is rare across the inbox.
                var rows = await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO conversations.messages (message_id, conversation_id, direction, customer_number, business_number, text, origin,
                                                        status, provider, provider_message_ids, segments, encoding, created_at)
                    SELECT gen_random_uuid(), c.id, CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END, c.customer_number, c.business_number,
                           (ARRAY['Your order has shipped', 'Reminder: your appointment is tomorrow', 'Thanks, see you then',
                                  'Can I move my booking to Friday?', 'Where is my parcel?', 'Your invoice is ready'])[1 + (i + n) % 6]
                           || ' ref ' || lpad(((i::bigint * 100 + n) * 7919 % 1000003)::text, 7, '0'),
                           CASE WHEN n % 2 = 0 THEN 'customer' ELSE 'upstream' END,
                           CASE WHEN n % 2 = 0 THEN 'received' ELSE 'delivered' END,
                           CASE WHEN n % 2 = 0 THEN NULL ELSE 'vonage' END,
                           CASE WHEN n % 2 = 0 THEN NULL ELSE ARRAY['bench-' || i || '-' || n] END,
                           CASE WHEN n % 2 = 0 THEN NULL ELSE 1 END,
                           CASE WHEN n % 2 = 0 THEN NULL ELSE 'gsm7' END,
                           c.last_message_at - (@PerConversation - n) * interval '1 second'
                    FROM conversations.conversations c
                    CROSS JOIN LATERAL (SELECT substring(c.customer_number FROM 6)::int AS i) AS conversation
                    CROSS JOIN generate_series(1, @PerConversation) AS n
                    WHERE c.business_number = @BusinessNumber AND c.customer_number BETWEEN @First AND @Last
                    """, batch, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO conversations.message_events (message_id, status, at)
                    SELECT message_id, 'sent', created_at FROM conversations.messages
                    WHERE direction = 'outbound' AND customer_number BETWEEN @First AND @Last;

                    INSERT INTO conversations.delivery_events (provider, provider_message_id, message_id, status, occurred_at)
                    SELECT 'vonage', provider_message_ids[1], message_id, 'delivered', created_at + interval '3 seconds' FROM conversations.messages
                    WHERE direction = 'outbound' AND customer_number BETWEEN @First AND @Last;
                    """, batch, cancellationToken: cancellationToken));
                Interlocked.Add(ref generated, rows);
            }
        }

        // One long-running conversation (the newest): a thread of several pages for the thread queries.
        generated += await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.messages (message_id, conversation_id, direction, customer_number, business_number, text, origin, status, created_at)
            SELECT gen_random_uuid(), c.id, CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END, c.customer_number, c.business_number,
                   'Earlier message ' || n, CASE WHEN n % 2 = 0 THEN 'customer' ELSE 'agent' END,
                   CASE WHEN n % 2 = 0 THEN 'received' ELSE 'sent' END, c.last_message_at - interval '1 day' - n * interval '1 minute'
            FROM conversations.conversations c, generate_series(1, @LongThread) AS n
            WHERE c.customer_number = @Newest
            """, new { LongThread, Newest = Customer(conversations) }, cancellationToken: cancellationToken));

        // As autovacuum leaves a table in service: statistics current, the visibility map set.
        foreach (var table in new[]
                 {
                     "conversations.conversations", "conversations.contacts", "conversations.messages", "conversations.message_events",
                     "conversations.delivery_events", "conversations.prompts",
                 })
            await connection.ExecuteAsync(new CommandDefinition($"VACUUM (ANALYZE) {table}", cancellationToken: cancellationToken));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {conversations:N0} conversations with contacts and prompts, {Interlocked.Read(ref generated):N0} messages and a status step and receipt per outbound one in {watch.Elapsed.TotalSeconds:F1} s (with VACUUM ANALYZE)"));
    }

    private async Task<IReadOnlyList<InboxQueryTiming>> MeasureAsync(InboxQueries queries, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        Guid newest;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            newest = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
                "SELECT id FROM conversations.conversations ORDER BY last_message_at DESC LIMIT 1", cancellationToken: cancellationToken));
        }
        var newestPage = await queries.GetConversationThreadAsync(newest, PageSize, null, cancellationToken);
        var oldestShown = newestPage.Messages[0];
        var olderCursor = PageCursor.Of(oldestShown.CreatedAt, oldestShown.Seq);
        // Half way down the list: the page an agent reaches after scrolling through half the conversations.
        var middle = new PageCursor(FirstActivity.AddMinutes(options.Conversations / 2), "");
        var numberDigits = Customer(Math.Min(1234, options.Conversations))[2..];
        string rareReference;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            rareReference = await connection.QuerySingleAsync<string>(new CommandDefinition(
                "SELECT substring(text FROM 'ref [0-9]{7}') FROM conversations.messages WHERE customer_number = @Customer LIMIT 1",
                new { Customer = Customer(Math.Max(1, options.Conversations / 2)) }, cancellationToken: cancellationToken));
        }

        ConversationListQuery List() => new(null, PageSize, null);
        var cases = new (string Name, Func<Task<int>> Run, double Budget)[]
        {
            ("list, first page", () => ListAsync(List()), 100),
            ("list, status=waiting_on_agent", () => ListAsync(new ConversationListQuery("waiting_on_agent", PageSize, null)), 100),
            ($"list, deep page (before = {options.Conversations / 2:N0} conversations back)", () => ListAsync(List() with { Cursor = middle }), 100),
            ("list, flagged=true", () => ListAsync(List() with { FlaggedOnly = true }), 100),
            ("list, label=bench-vip", () => ListAsync(List() with { Label = "bench-vip" }), 100),
            ("list, assignee=none", () => ListAsync(List() with { Assignee = ConversationListQuery.Unassigned }), 100),
            ("list, assignee=bench-agent-3", () => ListAsync(List() with { Assignee = "bench-agent-3" }), 100),
            ("list, q=parcel (a word in many messages)", () => ListAsync(List() with { Search = "parcel" }), 500),
            ($"list, q={rareReference} (text of one message)", () => ListAsync(List() with { Search = rareReference }), 500),
            ("list, q=Okafor (contact name)", () => ListAsync(List() with { Search = "Okafor" }), 500),
            ("list, q=zebra (no match)", () => ListAsync(List() with { Search = "zebra" }), 500),
            ($"list, q={numberDigits} (number search)", () => ListAsync(List() with { Search = numberDigits }), 100),
            ("thread, newest page", async () => (await queries.GetConversationThreadAsync(newest, PageSize, null, cancellationToken)).Messages.Count, 100),
            ("thread, older page", async () => (await queries.GetConversationThreadAsync(newest, PageSize, olderCursor, cancellationToken)).Messages.Count, 100),
            ("contact panel prompts", async () => (await queries.GetPromptsAsync(newest, cancellationToken)).Count, 100),
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

        async Task<int> ListAsync(ConversationListQuery query) => (await queries.ListConversationsAsync(query, cancellationToken)).Count;
    }

    private static string Customer(int i) => "+1555" + i.ToString("D7", CultureInfo.InvariantCulture);
}

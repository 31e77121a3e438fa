using System.Globalization;
using Npgsql;
using Sms.Benchmark.Cli;

namespace Sms.Benchmark.Inbox;

/// <summary>What one <c>inbox-queries</c> run does; from the command line (<see cref="Parse"/>).</summary>
public sealed record InboxQueryOptions
{
    /// <summary>Messages per generated conversation.</summary>
    public const int MessagesPerConversation = 10;

    /// <summary>
    /// The PostgreSQL server to use, as an Npgsql connection string. Its database is only used to create and drop the
    /// scratch database the run works in; nothing in it is read or written.
    /// </summary>
    public required string Postgres { get; init; }

    /// <summary>Messages to generate, <see cref="MessagesPerConversation"/> per conversation (rounded down to whole conversations).</summary>
    public int Messages { get; init; } = 1_000_000;

    /// <summary>Timed runs of each query, after two untimed ones.</summary>
    public int Runs { get; init; } = 20;

    public int Conversations => Messages / MessagesPerConversation;

    /// <summary>Leave the scratch database in place at the end, to look at the query plans (EXPLAIN) by hand.</summary>
    public bool KeepDatabase { get; init; }

    public const string Usage = """
        Sms.Benchmark inbox-queries --postgres CONN [--messages 1000000] [--runs 20] [--keep-database]
                                       the inbox's list and thread queries over generated data, timed

          --postgres CONN              Npgsql connection string of the server, e.g.
                                       "Host=127.0.0.1;Username=sms;Password=sms;Database=sms"; the role must be
                                       allowed to create databases (ALTER ROLE sms CREATEDB). The run creates its
                                       own scratch database, applies Conversations' migrations to it, and drops it
                                       at the end: the database named here is not touched.
          --messages N                 messages to generate, 10 per conversation (at least 10)
          --runs N                     timed runs of each query, after two untimed ones
          --keep-database              leave the scratch database in place (its name is printed) to study the
                                       query plans; drop it yourself afterwards
        """;

    /// <summary>The options the flags ask for; <see cref="UsageException"/> says what is wrong with them.</summary>
    public static InboxQueryOptions Parse(IReadOnlyList<string> args)
    {
        string? postgres = null;
        int messages = 1_000_000, runs = 20;
        var keep = false;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{flag} needs a value.");
            switch (flag)
            {
                case "--postgres":
                    postgres = ConnectionString(Value());
                    break;
                case "--messages":
                    messages = Integer(flag, Value(), minimum: MessagesPerConversation);
                    break;
                case "--runs":
                    runs = Integer(flag, Value(), minimum: 1);
                    break;
                case "--keep-database":
                    keep = true;
                    break;
                default:
                    throw new UsageException($"Unknown flag '{flag}'.");
            }
        }
        if (postgres is null) throw new UsageException("--postgres is required: the connection string of the PostgreSQL server to use.");
        return new InboxQueryOptions { Postgres = postgres, Messages = messages, Runs = runs, KeepDatabase = keep };
    }

    private static string ConnectionString(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return string.IsNullOrEmpty(builder.Host)
                ? throw new UsageException("--postgres needs a connection string with a Host, e.g. \"Host=127.0.0.1;Username=sms;Password=sms;Database=sms\".")
                : builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--postgres is not an Npgsql connection string: {e.Message}");
        }
    }

    private static int Integer(string flag, string value, int minimum) =>
        int.TryParse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new UsageException($"{flag} takes a whole number of at least {minimum}; got '{value}'.");
}

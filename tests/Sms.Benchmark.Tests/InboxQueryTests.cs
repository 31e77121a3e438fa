using Sms.Benchmark.Cli;
using Sms.Benchmark.Inbox;

namespace Sms.Benchmark.Tests;

public sealed class InboxQueryTests
{
    private const string Postgres = "Host=127.0.0.1;Username=sms;Password=sms;Database=sms";

    [Test]
    public void Reads_every_flag()
    {
        var options = InboxQueryOptions.Parse(["--postgres", Postgres, "--messages", "250,000", "--runs", "7", "--keep-database"]);
        Assert.Multiple(() =>
        {
            Assert.That(options.Postgres, Does.Contain("Host=127.0.0.1"));
            Assert.That(options.Messages, Is.EqualTo(250_000));
            Assert.That(options.Conversations, Is.EqualTo(25_000));
            Assert.That(options.Runs, Is.EqualTo(7));
            Assert.That(options.KeepDatabase, Is.True);
        });
    }

    [Test]
    public void A_million_messages_in_a_hundred_thousand_conversations_by_default()
    {
        var options = InboxQueryOptions.Parse(["--postgres", Postgres]);
        Assert.Multiple(() =>
        {
            Assert.That(options.Messages, Is.EqualTo(1_000_000));
            Assert.That(options.Conversations, Is.EqualTo(100_000));
            Assert.That(options.Runs, Is.EqualTo(20));
            Assert.That(options.KeepDatabase, Is.False);
        });
    }

    [TestCase(new string[0], "--postgres is required")]
    [TestCase(new[] { "--postgres", "Database=sms" }, "Host")]
    [TestCase(new[] { "--postgres", "not a connection string" }, "not an Npgsql connection string")]
    [TestCase(new[] { "--postgres", Postgres, "--messages", "9" }, "at least 10")]
    [TestCase(new[] { "--postgres", Postgres, "--runs", "0" }, "at least 1")]
    [TestCase(new[] { "--postgres", Postgres, "--rates", "10" }, "Unknown flag '--rates'")]
    [TestCase(new[] { "--postgres" }, "--postgres needs a value")]
    public void Bad_flags_say_what_is_wrong(string[] args, string message) =>
        Assert.That(() => InboxQueryOptions.Parse(args), Throws.TypeOf<UsageException>().With.Message.Contains(message));

    [Test]
    public void Timings_report_nearest_rank_percentiles()
    {
        var timing = new InboxQueryTiming("q", 50, [5, 1, 4, 2, 3, 10, 6, 7, 8, 9], BudgetMilliseconds: 100);
        Assert.Multiple(() =>
        {
            Assert.That(timing.Median, Is.EqualTo(5));
            Assert.That(timing.P95, Is.EqualTo(10));
            Assert.That(timing.Max, Is.EqualTo(10));
            Assert.That(timing.OverBudget, Is.False);
        });
    }

    [Test]
    public void The_table_has_a_row_per_query_and_marks_a_median_over_budget()
    {
        var table = InboxQueryTable.Format(
        [
            new InboxQueryTiming("list, first page", 50, [1.5, 1.7, 1.6], 100),
            new InboxQueryTiming("list, q=order 4242 (text search)", 0, [2500, 2600, 2400], 2000),
        ]);
        var lines = table.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(3));
            Assert.That(lines[0], Does.StartWith("query").And.Contain("median ms").And.Contain("p95 ms"));
            Assert.That(lines[1], Does.StartWith("list, first page").And.Contain("1.60").And.Not.Contain("OVER"));
            Assert.That(lines[2], Does.Contain("2500.0").And.EndWith("2000 OVER"));
        });
    }
}

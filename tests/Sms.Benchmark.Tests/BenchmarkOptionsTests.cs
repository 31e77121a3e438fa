using Sms.Benchmark.Cli;

namespace Sms.Benchmark.Tests;

public sealed class BenchmarkOptionsTests
{
    [Test]
    public void Reads_every_flag()
    {
        var options = BenchmarkOptions.Parse(
        [
            "--rates", "10, 20", "--step-seconds", "30", "--warmup-seconds", "0", "--drain-seconds", "5", "--customers", "7",
            "--outbound-rates", "300", "--outbound-seconds", "4", "--floor", "http://127.0.0.1:9600", "--process", "Sms.Router=42",
            "--process", "Floor=43", "--output", "out.json", "--rabbitmq", "amqp://u:p@127.0.0.1:5672/v",
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(options.Rates, Is.EqualTo(new[] { 10, 20 }));
            Assert.That(options.StepDuration, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.WarmUp, Is.EqualTo(TimeSpan.Zero));
            Assert.That(options.Drain, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.Customers, Is.EqualTo(7));
            Assert.That(options.OutboundRates, Is.EqualTo(new[] { 300 }));
            Assert.That(options.OutboundDuration, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(options.Floor, Is.EqualTo(new Uri("http://127.0.0.1:9600")));
            Assert.That(options.Processes, Is.EqualTo(new[] { new WatchedProcess("Sms.Router", 42), new WatchedProcess("Floor", 43) }));
            Assert.That(options.Output, Is.EqualTo("out.json"));
            Assert.That(options.Conversations, Is.EqualTo(10 * 30 + 20 * 30));
        });
    }

    [Test]
    public void Quick_is_a_small_run_whatever_the_flags_order_and_other_flags_still_apply()
    {
        var options = BenchmarkOptions.Parse(["--step-seconds", "5", "--quick"]);
        Assert.Multiple(() =>
        {
            Assert.That(options.Quick, Is.True);
            Assert.That(options.Rates, Is.EqualTo(new[] { 50 }));
            Assert.That(options.StepDuration, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.Conversations, Is.EqualTo(50 * 2 + 50 * 5), "warm-up and step");
        });
    }

    [Test]
    public void The_campaign_step_runs_with_100000_recipients_unless_told_otherwise()
    {
        var full = BenchmarkOptions.Parse([]);
        var quick = BenchmarkOptions.Parse(["--quick"]);
        var given = BenchmarkOptions.Parse(["--campaign-recipients", "0", "--campaign-pace", "250", "--campaigns", "http://127.0.0.1:9601",
            "--queues", "compliance-send-sms, outbound-sms-approved"]);
        Assert.Multiple(() =>
        {
            Assert.That(full.CampaignRecipients, Is.EqualTo(100_000));
            Assert.That(full.CampaignPace, Is.EqualTo(1000));
            Assert.That(quick.CampaignRecipients, Is.EqualTo(2_000));
            Assert.That(given.CampaignRecipients, Is.Zero, "0 skips the step");
            Assert.That(given.CampaignPace, Is.EqualTo(250));
            Assert.That(given.Campaigns, Is.EqualTo(new Uri("http://127.0.0.1:9601")));
            Assert.That(given.Queues, Is.EqualTo(new[] { "compliance-send-sms", "outbound-sms-approved" }));
        });
    }

    [Test]
    public void No_floor_wins_over_a_floor_address() =>
        Assert.That(BenchmarkOptions.Parse(["--floor", "http://127.0.0.1:9600", "--no-floor"]).Floor, Is.Null);

    [TestCase(new[] { "--rates", "0" }, "--rates")]
    [TestCase(new[] { "--rates" }, "needs a value")]
    [TestCase(new[] { "--step-seconds", "ten" }, "--step-seconds")]
    [TestCase(new[] { "--process", "Sms.Router" }, "Name=pid")]
    [TestCase(new[] { "--floor", "not-a-url" }, "--floor")]
    [TestCase(new[] { "--campaign-recipients", "-1" }, "--campaign-recipients")]
    [TestCase(new[] { "--campaign-pace", "0" }, "--campaign-pace")]
    [TestCase(new[] { "--fast" }, "Unknown flag '--fast'")]
    public void Says_what_is_wrong_with_a_flag(string[] args, string expected) =>
        Assert.That(() => BenchmarkOptions.Parse(args), Throws.TypeOf<UsageException>().With.Message.Contains(expected));
}

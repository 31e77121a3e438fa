using Sms.Benchmark.Measure;
using Sms.Benchmark.Platform;

namespace Sms.Benchmark.Tests;

public sealed class CampaignStepTests
{
    private const long Launch = 1_000_000_000;

    [Test]
    public void Times_the_first_and_last_send_from_the_launch_and_the_rate_between_them()
    {
        // 11 recipients, one every 100 ms from 2 s after the launch.
        var first = Enumerable.Range(0, 11).Select(i => Launch + 2_000_000 + i * 100_000L).ToArray();
        var figures = CampaignSendFigures.From(Launch, first, Enumerable.Repeat(1, 11).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(figures.FirstSendSeconds, Is.EqualTo(2.0));
            Assert.That(figures.LastSendSeconds, Is.EqualTo(3.0));
            Assert.That(figures.FirstToLastPerSecond, Is.EqualTo(10.0), "10 intervals in 1 s");
            Assert.That(figures.SteadyPerSecond, Is.EqualTo(10.0));
            Assert.That((figures.Delivered, figures.Lost, figures.Duplicated), Is.EqualTo((11L, 0L, 0L)));
        });
    }

    [Test]
    public void The_steady_rate_leaves_out_a_slow_start_and_a_slow_tail()
    {
        // 101 arrivals: the first 10 one a second (ramp-up), then 81 at 100/s, then 10 one a second (tail).
        var times = new List<long>();
        var t = Launch;
        for (var i = 0; i < 10; i++) times.Add(t += 1_000_000);
        for (var i = 0; i < 81; i++) times.Add(t += 10_000);
        for (var i = 0; i < 10; i++) times.Add(t += 1_000_000);
        var figures = CampaignSendFigures.From(Launch, times, Enumerable.Repeat(1, times.Count).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(figures.SteadyPerSecond, Is.EqualTo(100.0).Within(1.5));
            Assert.That(figures.FirstToLastPerSecond, Is.LessThan(10));
        });
    }

    [Test]
    public void A_recipient_with_no_message_is_lost_and_one_with_two_is_duplicated_once()
    {
        var figures = CampaignSendFigures.From(Launch, [Launch + 1, 0, Launch + 5, Launch + 9], [1, 0, 3, 1]);
        Assert.Multiple(() =>
        {
            Assert.That(figures.Recipients, Is.EqualTo(4));
            Assert.That(figures.Delivered, Is.EqualTo(3));
            Assert.That(figures.Lost, Is.EqualTo(1));
            Assert.That(figures.Duplicated, Is.EqualTo(1));
            Assert.That(figures.LastSendSeconds, Is.EqualTo(0.0), "9 µs after the launch");
        });
    }

    [Test]
    public void Nothing_arrived_gives_no_times_and_no_rates()
    {
        var figures = CampaignSendFigures.From(Launch, [0, 0], [0, 0]);
        Assert.Multiple(() =>
        {
            Assert.That(figures.Lost, Is.EqualTo(2));
            Assert.That(figures.FirstSendSeconds, Is.Null);
            Assert.That(figures.FirstToLastPerSecond, Is.Null);
            Assert.That(figures.SteadyPerSecond, Is.Null);
        });
    }

    [Test]
    public void Counts_the_carriers_sends_by_recipient_and_leaves_other_numbers_to_the_other_steps()
    {
        var arrivals = new CampaignArrivals(3);
        Assert.Multiple(() =>
        {
            Assert.That(arrivals.TryRecord("99982000000001", Launch + 2_000_000), Is.True, "Vonage's form, digits only");
            Assert.That(arrivals.TryRecord("+99982000000001", Launch + 3_000_000), Is.True);
            Assert.That(arrivals.TryRecord("99982000000003", Launch), Is.False, "beyond the audience");
            Assert.That(arrivals.TryRecord("99981000000001", Launch), Is.False, "an outbound-only recipient");
            Assert.That(arrivals.TryRecord(null, Launch), Is.False);
            Assert.That(arrivals.Received, Is.EqualTo(2));
            Assert.That(arrivals.Delivered, Is.EqualTo(1));
            var figures = arrivals.Figures(Launch);
            Assert.That((figures.Delivered, figures.Lost, figures.Duplicated, figures.FirstSendSeconds), Is.EqualTo((1L, 2L, 1L, (double?)2.0)));
        });
    }

    [TestCase(0, "+99982000000000")]
    [TestCase(123_456_789, "+99982123456789")]
    public void A_campaign_recipient_is_found_again_from_its_number(int index, string number)
    {
        Assert.That(Customers.Campaign(index), Is.EqualTo(number));
        Assert.That(Customers.CampaignIndex(number), Is.EqualTo(index));
        Assert.That(Customers.CampaignIndex(number[1..]), Is.EqualTo(index));
    }

    [TestCase("+99980000000001")]
    [TestCase("+9998200000001")]
    [TestCase("+999820000000012")]
    [TestCase("+99982abcdefghi")]
    public void Other_numbers_are_not_campaign_recipients(string number) =>
        Assert.That(Customers.CampaignIndex(number), Is.Null);

    [Test]
    public void The_audience_file_has_a_number_header_and_one_recipient_a_line() =>
        Assert.That(CampaignStep.AudienceCsv(2), Is.EqualTo("number\n+99982000000000\n+99982000000001\n"));

    [Test]
    public void The_deepest_queue_is_the_one_that_held_most_and_none_when_all_stayed_empty()
    {
        Assert.Multiple(() =>
        {
            Assert.That(QueueDepthSampler.DeepestOf([new QueueDepth("a", 5, 1), null, new QueueDepth("b", 900, 12.5), new QueueDepth("c", 0, 0)]),
                Is.EqualTo(new QueueDepth("b", 900, 12.5)));
            Assert.That(QueueDepthSampler.DeepestOf([null, new QueueDepth("c", 0, 0)]), Is.Null);
        });
    }
}

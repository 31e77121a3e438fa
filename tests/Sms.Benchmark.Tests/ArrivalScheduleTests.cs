using System.Diagnostics;
using Sms.Benchmark.Load;

namespace Sms.Benchmark.Tests;

public sealed class ArrivalScheduleTests
{
    [TestCase(100, 60, 6000)]
    [TestCase(1000, 60, 60000)]
    [TestCase(50, 10, 500)]
    [TestCase(3, 0.5, 2)]
    public void Makes_rate_times_duration_sends(int rate, double seconds, int expected) =>
        Assert.That(new ArrivalSchedule(rate, TimeSpan.FromSeconds(seconds)).Count, Is.EqualTo(expected));

    [Test]
    public void Spaces_sends_evenly_from_the_start()
    {
        var schedule = new ArrivalSchedule(250, TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(schedule.DueTicks(0), Is.Zero);
            Assert.That(schedule.DueTicks(1), Is.EqualTo(Stopwatch.Frequency / 250));
            Assert.That(schedule.DueTicks(250), Is.EqualTo(Stopwatch.Frequency));
        });
    }

    [Test]
    public void Counts_what_is_due_by_a_moment_including_the_first_at_zero()
    {
        var schedule = new ArrivalSchedule(1000, TimeSpan.FromSeconds(2));
        Assert.Multiple(() =>
        {
            Assert.That(schedule.DueBy(-1), Is.Zero);
            Assert.That(schedule.DueBy(0), Is.EqualTo(1));
            Assert.That(schedule.DueBy(Stopwatch.Frequency / 2), Is.EqualTo(501));
            Assert.That(schedule.DueBy(Stopwatch.Frequency * 10), Is.EqualTo(2000), "never more than the step's sends");
        });
    }

    [Test]
    public void A_late_generator_sends_everything_due_at_once_rather_than_slowing_the_rate()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(10));
        // 1.5 s without a chance to send: 151 sends are due, each keeping its own due time.
        Assert.That(schedule.DueBy(Stopwatch.Frequency * 3 / 2), Is.EqualTo(151));
        Assert.That(schedule.DueTicks(150), Is.EqualTo(Stopwatch.Frequency * 3 / 2));
    }
}

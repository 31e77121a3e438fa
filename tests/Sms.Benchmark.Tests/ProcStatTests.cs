using Sms.Benchmark.Measure;

namespace Sms.Benchmark.Tests;

public sealed class ProcStatTests
{
    [Test]
    public void Adds_user_and_system_time_counting_fields_after_the_command_name()
    {
        // A command name with a space and a parenthesis must not shift the fields.
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 26095 0 0 0 1234 567 0 0 20 0 23 0 99 3000000000 40000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        Assert.That(ProcStat.CpuTicks(stat), Is.EqualTo(1234 + 567));
    }

    [Test]
    public void Reads_resident_and_peak_memory_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmHWM:\t  151234 kB\nVmRSS:\t  140000 kB\nThreads:\t23\n";
        Assert.Multiple(() =>
        {
            Assert.That(ProcStat.StatusBytes(status, "VmRSS"), Is.EqualTo(140000L * 1024));
            Assert.That(ProcStat.StatusBytes(status, "VmHWM"), Is.EqualTo(151234L * 1024));
            Assert.That(ProcStat.StatusBytes(status, "VmSwap"), Is.Zero);
        });
    }

    [Test]
    public void Counts_idle_and_iowait_as_not_busy()
    {
        const string stat = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n";
        Assert.That(ProcStat.MachineTicks(stat), Is.EqualTo((Busy: 100 + 5 + 50 + 3 + 2L, Total: 1000L)));
    }

    [Test]
    public void Refuses_a_line_that_is_not_a_stat_line() =>
        Assert.That(() => ProcStat.CpuTicks("nothing here"), Throws.TypeOf<FormatException>());
}

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
    public void Unique_memory_is_the_private_pages_without_the_shared_ones()
    {
        // A real smaps_rollup of an idle service: 107 MB resident, of which 63 MB are shared framework pages.
        const string smapsRollup = """
            55d0a8e5c000-7ffd4d7f2000 ---p 00000000 00:00 0                          [rollup]
            Rss:              107312 kB
            Pss:               62110 kB
            Pss_Anon:          15212 kB
            Pss_File:          46898 kB
            Shared_Clean:      62980 kB
            Shared_Dirty:         32 kB
            Private_Clean:      9032 kB
            Private_Dirty:     35268 kB
            Referenced:       107312 kB
            Anonymous:         15212 kB
            """;
        Assert.That(ProcStat.UniqueBytes(smapsRollup), Is.EqualTo((9032L + 35268L) * 1024));
    }

    [Test]
    public void A_process_whose_smaps_could_not_be_read_reports_no_unique_memory()
    {
        const string stat = "4242 (dotnet) S 1 4242 4242 0 -1 4194560 26095 0 0 0 10 5 0 0 20 0 23 0 99 3000000000 40000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        var reading = ProcStat.Reading(stat, "VmHWM:\t 2048 kB\nVmRSS:\t 1024 kB\n", smapsRollup: null);
        Assert.That(reading, Is.EqualTo(new ProcessReading(15, 1024L * 1024, 2048L * 1024, 0)));
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

using System.Globalization;

namespace Sms.Benchmark.Measure;

/// <summary>CPU time and memory of one process, as Linux reports them in <c>/proc/&lt;pid&gt;/stat</c> and <c>status</c>.</summary>
/// <param name="CpuTicks">User plus system time, in clock ticks (<c>USER_HZ</c>, 100 a second on Linux).</param>
/// <param name="RssBytes">Resident set size now (<c>VmRSS</c>).</param>
/// <param name="PeakRssBytes">The largest resident set size since the process started (<c>VmHWM</c>).</param>
/// <param name="UniqueBytes">
/// Memory only this process holds (<c>Private_Clean + Private_Dirty</c> of <c>smaps_rollup</c>, the unique set size):
/// the resident set without the pages it shares with other processes, such as the .NET runtime's and framework's
/// files that every service maps. What stopping the process would give back. 0 when it could not be read.
/// </param>
public sealed record ProcessReading(long CpuTicks, long RssBytes, long PeakRssBytes, long UniqueBytes);

/// <summary>Parses the <c>/proc</c> files the process sampler reads. Pure.</summary>
public static class ProcStat
{
    /// <summary>Clock ticks per second of the CPU times in <c>/proc</c>: <c>USER_HZ</c>, 100 on every Linux architecture .NET runs on.</summary>
    public const int TicksPerSecond = 100;

    /// <summary>
    /// <c>utime + stime</c> from a <c>/proc/&lt;pid&gt;/stat</c> line (fields 14 and 15). The command name in field 2 may
    /// hold spaces and parentheses, so fields are counted from the last <c>)</c>.
    /// </summary>
    public static long CpuTicks(string statLine)
    {
        var end = statLine.LastIndexOf(')');
        if (end < 0) throw new FormatException("Not a /proc/<pid>/stat line: no ')' after the command name.");
        // After ") ": field 3 (state) is at index 0, so field n is at index n - 3.
        var fields = statLine[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13) throw new FormatException("Not a /proc/<pid>/stat line: too few fields.");
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A <c>kB</c> figure of <c>/proc/&lt;pid&gt;/status</c> (<c>VmRSS</c>, <c>VmHWM</c>) or <c>smaps_rollup</c>
    /// (<c>Private_Dirty</c>) in bytes; 0 when absent.
    /// </summary>
    public static long StatusBytes(string status, string field)
    {
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(field, StringComparison.Ordinal) || line.Length <= field.Length || line[field.Length] != ':') continue;
            var value = line[(field.Length + 1)..].Trim();
            if (value.EndsWith("kB", StringComparison.Ordinal)) value = value[..^2].TrimEnd();
            return long.Parse(value, CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>Busy and total ticks of all CPUs from the first (<c>cpu</c>) line of <c>/proc/stat</c>; idle and iowait are not busy.</summary>
    public static (long Busy, long Total) MachineTicks(string procStat)
    {
        var first = procStat.AsSpan();
        var newline = first.IndexOf('\n');
        if (newline >= 0) first = first[..newline];
        var fields = first.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu") throw new FormatException("Not /proc/stat: the first line is not the 'cpu' total.");
        long total = 0, idle = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++) // user nice system idle iowait irq softirq steal; guest is in user already
        {
            var value = long.Parse(fields[i], CultureInfo.InvariantCulture);
            total += value;
            if (i is 4 or 5) idle += value;
        }
        return (total - idle, total);
    }

    /// <summary>The unique set size from <c>/proc/&lt;pid&gt;/smaps_rollup</c>: private clean plus private dirty pages.</summary>
    public static long UniqueBytes(string smapsRollup) =>
        StatusBytes(smapsRollup, "Private_Clean") + StatusBytes(smapsRollup, "Private_Dirty");

    /// <param name="smapsRollup"><c>/proc/&lt;pid&gt;/smaps_rollup</c>, or null when it could not be read.</param>
    public static ProcessReading Reading(string statLine, string status, string? smapsRollup) =>
        new(CpuTicks(statLine), StatusBytes(status, "VmRSS"), StatusBytes(status, "VmHWM"),
            smapsRollup is null ? 0 : UniqueBytes(smapsRollup));
}

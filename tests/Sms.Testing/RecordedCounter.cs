using System.Diagnostics.Metrics;

namespace Sms.Testing;

/// <summary>
/// Records every measurement of one of the platform's counters (meter <c>Sms.Platform</c>) while it lives, each as its
/// tags, so a test can assert what a service counted.
/// </summary>
public sealed class RecordedCounter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<IReadOnlyDictionary<string, object?>> recorded = [];

    public RecordedCounter(string instrumentName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Sms.Platform" && instrument.Name == instrumentName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var measurement = new Dictionary<string, object?>();
            foreach (var tag in tags) measurement[tag.Key] = tag.Value;
            lock (recorded)
                for (var i = 0; i < value; i++) recorded.Add(measurement);
        });
        listener.Start();
    }

    /// <summary>The tags of each unit counted so far (a measurement of 3 appears three times).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Recorded
    {
        get { lock (recorded) return [.. recorded]; }
    }

    public void Dispose() => listener.Dispose();
}

using System.Text.Json;

namespace Sms.Benchmark.Measure;

/// <summary>
/// Reads the carrier simulator's live feed (<c>GET /simulator/feed</c>, one JSON line per send it received) into the
/// <see cref="DeliveryTracker"/> for as long as the benchmark runs; a send to one of the campaign step's recipients
/// goes to <see cref="CampaignArrivals"/> instead.
/// </summary>
public sealed class CarrierFeedReader(HttpClient http, Uri carrier, DeliveryTracker tracker, CampaignArrivals campaign) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;
    private Exception? _failure;

    /// <summary>Returns once the simulator has subscribed the stream: every later send is seen.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(carrier, "/simulator/feed"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"The carrier simulator at {carrier} has no receive feed (GET /simulator/feed answered {(int)response.StatusCode}); rebuild it.");
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        _reading = Task.Run(() => ReadAsync(response, stream, _stop.Token), CancellationToken.None);
    }

    /// <summary>Throws when the stream broke: figures after that point would be wrong.</summary>
    public void ThrowIfFailed()
    {
        if (_failure is not null) throw new InvalidOperationException("The carrier simulator's receive feed broke off.", _failure);
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream stream, CancellationToken cancellationToken)
    {
        using var _ = response;
        using var reader = new StreamReader(stream);
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0) continue;
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var clientRef = root.TryGetProperty("clientRef", out var reference) && reference.ValueKind == JsonValueKind.String
                    ? reference.GetString()
                    : null;
                var at = root.GetProperty("at").GetInt64();
                var to = root.TryGetProperty("to", out var number) && number.ValueKind == JsonValueKind.String ? number.GetString() : null;
                if (!campaign.TryRecord(to, at)) tracker.OnCarrierReceived(clientRef, at);
            }
            if (!cancellationToken.IsCancellationRequested) _failure = new EndOfStreamException("The simulator closed the feed.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or HttpRequestException or JsonException)
        {
            if (!cancellationToken.IsCancellationRequested) _failure = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reading is not null) await _reading;
        _stop.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net.Http.Json;
using MassTransit;
using Sms.Benchmark.Load;
using Sms.Benchmark.Measure;
using Sms.Benchmark.Report;
using Sms.Contracts.Outbound;

namespace Sms.Benchmark.Platform;

/// <summary>
/// Before the conversation steps: every customer gets the prompts their replies will answer (a SendSms with a YES
/// option and an automatic response, published on the bus), and the setup waits until each prompt reached the carrier
/// and the Router holds each customer's sessions (<c>GET /v1/sessions/{number}</c>).
/// </summary>
public sealed class SessionSetup(IBus bus, HttpClient http, Uri router, PlatformSettings settings, DeliveryTracker tracker, ProgressLine progress)
{
    private const int PublishConcurrency = 128;
    private const int CheckConcurrency = 16;

    public async Task<SetupFigures> RunAsync(int customers, int promptsPerCustomer, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = BenchClock.Now;
        var deadline = DateTime.UtcNow + limit;
        var prompts = customers * promptsPerCustomer;
        var step = new StepRecorder("setup", "setup", 0, TimeSpan.Zero, prompts);
        step.Started(started);

        using (progress.Show(() => $"[setup] prompts published {step.Accepted}/{prompts}, at the carrier {step.Delivered}"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, prompts), new ParallelOptions { MaxDegreeOfParallelism = PublishConcurrency, CancellationToken = cancellationToken },
                async (p, ct) =>
                {
                    var prompt = Prompt(Customers.Conversation(p % customers));
                    var now = BenchClock.Now;
                    tracker.Expect(prompt.MessageId.ToString("D"), now, step);
                    step.RecordSent(now, now);
                    await bus.Publish(prompt, ct);
                    step.RecordAccepted(now, BenchClock.Now);
                });
            while (step.Outstanding > 0 && DateTime.UtcNow < deadline) await Task.Delay(200, cancellationToken);
        }
        if (step.Outstanding > 0)
            throw new InvalidOperationException($"{step.Outstanding} of {prompts} prompts did not reach the carrier within {limit.TotalSeconds:F0}s; see the service logs.");

        var ready = 0;
        using (progress.Show(() => $"[setup] customers whose sessions the Router holds {ready}/{customers}"))
        {
            var missing = Enumerable.Range(0, customers).ToList();
            while (missing.Count > 0 && DateTime.UtcNow < deadline)
            {
                var stillMissing = new ConcurrentBag<int>();
                await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = CheckConcurrency, CancellationToken = cancellationToken },
                    async (c, ct) =>
                    {
                        if (await OpenSessionsAsync(Customers.Conversation(c), ct) >= promptsPerCustomer) Interlocked.Increment(ref ready);
                        else stillMissing.Add(c);
                    });
                missing = [.. stillMissing];
                if (missing.Count > 0) await Task.Delay(500, cancellationToken);
            }
            if (missing.Count > 0)
                throw new InvalidOperationException($"{missing.Count} of {customers} customers have fewer than {promptsPerCustomer} open sessions after {limit.TotalSeconds:F0}s.");
        }
        return new SetupFigures(customers, promptsPerCustomer, prompts, Math.Round(BenchClock.TicksToMicroseconds(BenchClock.Now - started) / 1e6, 1));
    }

    private SendSms Prompt(string customer) => new()
    {
        MessageId = Guid.NewGuid(),
        To = customer,
        From = settings.BusinessNumber,
        Text = "Reminder: your appointment is tomorrow at 10:00. Reply YES to confirm.",
        Category = SmsCategory.Transactional,
        Prompt = new SmsPrompt
        {
            SessionType = "appointment_reminder",
            Options = new Dictionary<string, string> { [Workloads.Reply] = "confirm_appointment" },
            AutoResponses = new Dictionary<string, string> { ["confirm_appointment"] = "Thanks, see you tomorrow!" },
            Context = new Dictionary<string, string> { ["source"] = "benchmark" },
        },
    };

    private async Task<int> OpenSessionsAsync(string customer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(router, "/v1/sessions/" + Uri.EscapeDataString(customer)));
        request.Headers.Add("X-Api-Key", settings.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return 0;
        var sessions = await response.Content.ReadFromJsonAsync<SessionList>(cancellationToken);
        return sessions?.Sessions?.Count ?? 0;
    }

    private sealed record SessionList(IReadOnlyList<object>? Sessions);
}

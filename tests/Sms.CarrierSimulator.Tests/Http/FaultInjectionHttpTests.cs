using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.CarrierSimulator.Tests.Support;

namespace Sms.CarrierSimulator.Tests.Http;

/// <summary>Faults beyond a Vonage status, over HTTP: HTTP errors, slow answers and dropped connections.</summary>
public sealed class FaultInjectionHttpTests : SimulatorTests
{
    private static FormUrlEncodedContent Send(string to, string text) => new(SendForm(to, text));

    private async Task<string[]> TextsSentToAsync(string to) =>
        (await Client.GetFromJsonAsync<JsonElement[]>("/simulator/messages?to=" + to))!.Select(m => m.GetProperty("text").GetString()!).ToArray();

    private async Task SetFaultAsync(object fault)
    {
        using var response = await Client.PostAsJsonAsync("/simulator/faults", fault);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCase(503, "447700900201")]
    [TestCase(500, "447700900202")]
    [TestCase(429, "447700900203")]
    public async Task An_http_status_fault_answers_that_status_and_accepts_nothing(int status, string to)
    {
        await SetFaultAsync(new { to, httpStatus = status, times = 1 });

        using var faulted = await Client.PostAsync("/sms/json", Send(to, "a"));
        using var next = await Client.PostAsync("/sms/json", Send(to, "b"));

        Assert.Multiple(async () =>
        {
            Assert.That((int)faulted.StatusCode, Is.EqualTo(status));
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await TextsSentToAsync(to), Is.EqualTo(new[] { "b" }));
        });
    }

    [Test]
    public async Task A_slow_fault_answers_late_and_still_accepts_the_message()
    {
        const string to = "447700900301";
        await SetFaultAsync(new { to, delayMs = 400 });

        var watch = Stopwatch.StartNew();
        using var response = await Client.PostAsync("/sms/json", Send(to, "late"));
        watch.Stop();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(async () =>
        {
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380)), "it waited before answering");
            Assert.That(body.GetProperty("messages")[0].GetProperty("status").GetString(), Is.EqualTo("0"));
            Assert.That(await TextsSentToAsync(to), Is.EqualTo(new[] { "late" }), "a slow carrier still sends: the caller cannot tell");
        });
    }

    [Test]
    public async Task A_slow_status_fault_waits_then_answers_the_status()
    {
        const string to = "447700900302";
        await SetFaultAsync(new { to, status = "1", delayMs = 200 });

        var watch = Stopwatch.StartNew();
        using var response = await Client.PostAsync("/sms/json", Send(to, "throttled late"));
        watch.Stop();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(async () =>
        {
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180)));
            Assert.That(body.GetProperty("messages")[0].GetProperty("status").GetString(), Is.EqualTo("1"));
            Assert.That(await TextsSentToAsync(to), Is.Empty);
        });
    }

    [Test]
    public async Task A_drop_fault_closes_the_connection_without_an_answer_the_given_number_of_times()
    {
        const string to = "447700900303";
        await SetFaultAsync(new { to, drop = true, times = 2 });

        Assert.That(async () => await Client.PostAsync("/sms/json", Send(to, "dropped 1")), Throws.InstanceOf<Exception>());
        Assert.That(async () => await Client.PostAsync("/sms/json", Send(to, "dropped 2")), Throws.InstanceOf<Exception>());
        using var next = await Client.PostAsync("/sms/json", Send(to, "through"));

        Assert.Multiple(async () =>
        {
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await TextsSentToAsync(to), Is.EqualTo(new[] { "through" }));
        });
    }

    [Test]
    public async Task The_fault_list_shows_every_kind_with_its_remaining_uses()
    {
        await SetFaultAsync(new { to = "+447700900304", delayMs = 5000, drop = true, times = 3 });

        var listed = await Client.GetFromJsonAsync<JsonElement[]>("/simulator/faults");

        var fault = listed!.Single(f => f.GetProperty("to").GetString() == "447700900304");
        Assert.Multiple(() =>
        {
            Assert.That(fault.GetProperty("drop").GetBoolean(), Is.True);
            Assert.That(fault.GetProperty("delayMilliseconds").GetInt32(), Is.EqualTo(5000));
            Assert.That(fault.GetProperty("times").GetInt32(), Is.EqualTo(3));
        });
    }
}

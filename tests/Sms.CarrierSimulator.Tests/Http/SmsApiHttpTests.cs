using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sms.CarrierSimulator.Tests.Support;
using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Tests.Http;

/// <summary>The simulator over HTTP: <c>/sms/json</c>, inspection, faults and delivery receipts to a real Kestrel receiver.</summary>
public sealed class SmsApiHttpTests : SimulatorTests
{
    private async Task<JsonElement> PostSmsAsync(Dictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sms/json") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        using var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Vonage answers errors with HTTP 200 too");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement[]> MessagesAsync(string to) =>
        (await Client.GetFromJsonAsync<JsonElement[]>("/simulator/messages?to=" + Uri.EscapeDataString(to)))!;

    private static string Status(JsonElement response, int index = 0) => response.GetProperty("messages")[index].GetProperty("status").GetString()!;

    [Test]
    public async Task Root_says_it_is_a_development_carrier()
    {
        var text = await Client.GetStringAsync("/");

        Assert.That(text, Does.Contain("DEVELOPMENT CARRIER"));
    }

    [Test]
    public void Startup_log_line_says_it_is_a_development_carrier()
    {
        Assert.That(Simulator.Logs.Lines, Has.Some.Matches<(LogLevel Level, string Category, string Message)>(
            l => l.Level == LogLevel.Warning && l.Message.StartsWith("DEVELOPMENT CARRIER", StringComparison.Ordinal)));
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await Client.GetAsync(path);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Healthy"));
        });
    }

    [Test]
    public async Task A_send_with_form_credentials_is_accepted_and_recorded()
    {
        var response = await PostSmsAsync(SendForm("447700900101", "Your code is 1234", ("client-ref", "ref-101")));

        var element = response.GetProperty("messages")[0];
        var messages = await MessagesAsync("+447700900101");
        Assert.Multiple(() =>
        {
            Assert.That(response.GetProperty("message-count").GetString(), Is.EqualTo("1"));
            Assert.That(element.GetProperty("status").GetString(), Is.EqualTo("0"));
            Assert.That(element.GetProperty("to").GetString(), Is.EqualTo("447700900101"));
            Assert.That(element.GetProperty("client-ref").GetString(), Is.EqualTo("ref-101"));
            Assert.That(element.GetProperty("message-price").GetString(), Is.EqualTo("0.03330000"));
            Assert.That(element.GetProperty("network").GetString(), Is.EqualTo("23410"));
            Assert.That(element.GetProperty("remaining-balance").GetString(), Does.Match(@"^\d+\.\d{8}$"));
            Assert.That(element.GetProperty("message-id").GetString(), Does.Match("^[0-9A-F]{16}$"));
            Assert.That(messages, Has.Length.EqualTo(1));
            Assert.That(messages[0].GetProperty("messageIds")[0].GetString(), Is.EqualTo(element.GetProperty("message-id").GetString()));
            Assert.That(messages[0].GetProperty("from").GetString(), Is.EqualTo("15550100000"));
            Assert.That(messages[0].GetProperty("to").GetString(), Is.EqualTo("447700900101"));
            Assert.That(messages[0].GetProperty("text").GetString(), Is.EqualTo("Your code is 1234"));
            Assert.That(messages[0].GetProperty("type").GetString(), Is.EqualTo("text"));
            Assert.That(messages[0].GetProperty("clientRef").GetString(), Is.EqualTo("ref-101"));
            Assert.That(messages[0].GetProperty("segments").GetInt32(), Is.EqualTo(1));
            Assert.That(messages[0].GetProperty("receivedAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public async Task A_send_with_basic_auth_and_no_key_in_the_body_is_accepted()
    {
        var form = SendForm("447700900102", "Hello");
        form.Remove("api_key");
        form.Remove("api_secret");

        var response = await PostSmsAsync(form, new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorFactory.ApiKey}:{SimulatorFactory.ApiSecret}"))));

        Assert.Multiple(async () =>
        {
            Assert.That(Status(response), Is.EqualTo("0"));
            Assert.That(await MessagesAsync("447700900102"), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task Wrong_credentials_answer_status_4_and_record_nothing()
    {
        var response = await PostSmsAsync(SendForm("447700900103", "Hello", ("api_secret", "wrong")));

        Assert.Multiple(async () =>
        {
            Assert.That(Status(response), Is.EqualTo("4"));
            Assert.That(response.GetProperty("messages")[0].GetProperty("error-text").GetString(), Is.EqualTo("Bad Credentials"));
            Assert.That(await MessagesAsync("447700900103"), Is.Empty);
        });
    }

    [Test]
    public async Task A_to_with_a_plus_answers_status_3()
    {
        var response = await PostSmsAsync(SendForm("+447700900104", "Hello"));

        Assert.That(Status(response), Is.EqualTo("3"));
    }

    [Test]
    public async Task A_missing_text_answers_status_2()
    {
        var form = SendForm("447700900105", "x");
        form.Remove("text");

        var response = await PostSmsAsync(form);

        Assert.That(Status(response), Is.EqualTo("2"));
    }

    [Test]
    public async Task A_long_text_answers_one_element_and_one_message_id_per_part()
    {
        var response = await PostSmsAsync(SendForm("447700900106", new string('a', 307)));

        var ids = response.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message-id").GetString()).ToList();
        var recorded = (await MessagesAsync("447700900106")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.GetProperty("message-count").GetString(), Is.EqualTo("3"));
            Assert.That(ids, Has.Count.EqualTo(3).And.Unique);
            Assert.That(recorded.GetProperty("segments").GetInt32(), Is.EqualTo(3));
            Assert.That(recorded.GetProperty("messageIds").EnumerateArray().Select(i => i.GetString()), Is.EqualTo(ids));
        });
    }

    [Test]
    public async Task A_unicode_send_is_counted_in_ucs2_parts()
    {
        var response = await PostSmsAsync(SendForm("447700900107", "Olá! " + new string('x', 66), ("type", "unicode")));

        var recorded = (await MessagesAsync("447700900107")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.GetProperty("message-count").GetString(), Is.EqualTo("2"));
            Assert.That(recorded.GetProperty("type").GetString(), Is.EqualTo("unicode"));
            Assert.That(recorded.GetProperty("text").GetString(), Is.EqualTo("Olá! " + new string('x', 66)));
        });
    }

    [Test]
    public async Task Messages_are_listed_oldest_first_filtered_by_number_and_cleared_by_delete()
    {
        await PostSmsAsync(SendForm("447700900108", "one"));
        await PostSmsAsync(SendForm("447700900109", "other"));
        await PostSmsAsync(SendForm("447700900108", "two"));

        var listed = (await MessagesAsync("447700900108")).Select(m => m.GetProperty("text").GetString()).ToList();
        var all = await Client.GetFromJsonAsync<JsonElement[]>("/simulator/messages");
        using var cleared = await Client.DeleteAsync("/simulator/messages");
        var afterClear = await Client.GetFromJsonAsync<JsonElement[]>("/simulator/messages");

        Assert.Multiple(() =>
        {
            Assert.That(listed, Is.EqualTo(new[] { "one", "two" }));
            Assert.That(all!.Select(m => m.GetProperty("text").GetString()), Is.SupersetOf(new[] { "one", "other", "two" }));
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(afterClear, Is.Empty);
        });
    }

    [Test]
    public async Task An_injected_fault_answers_its_status_the_given_number_of_times_then_sends_succeed()
    {
        using var set = await Client.PostAsJsonAsync("/simulator/faults", new { to = "+447700900110", status = "1", times = 2 });

        var first = await PostSmsAsync(SendForm("447700900110", "a"));
        var second = await PostSmsAsync(SendForm("447700900110", "b"));
        var third = await PostSmsAsync(SendForm("447700900110", "c"));
        var otherNumber = await PostSmsAsync(SendForm("447700900111", "d"));

        Assert.Multiple(async () =>
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Status(first), Is.EqualTo("1"));
            Assert.That(first.GetProperty("messages")[0].GetProperty("error-text").GetString(), Does.StartWith("Throughput Rate Exceeded"));
            Assert.That(Status(second), Is.EqualTo("1"));
            Assert.That(Status(third), Is.EqualTo("0"));
            Assert.That(Status(otherNumber), Is.EqualTo("0"));
            Assert.That((await MessagesAsync("447700900110")).Select(m => m.GetProperty("text").GetString()), Is.EqualTo(new[] { "c" }));
        });
    }

    [Test]
    public async Task Deleting_faults_lets_the_next_send_through()
    {
        using var set = await Client.PostAsJsonAsync("/simulator/faults", new { to = "447700900112", status = 5, times = 10 });
        using var cleared = await Client.DeleteAsync("/simulator/faults");

        var response = await PostSmsAsync(SendForm("447700900112", "a"));

        Assert.Multiple(() =>
        {
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Status(response), Is.EqualTo("0"));
        });
    }

    [Test]
    public async Task A_fault_is_checked_only_after_the_send_itself_is_valid()
    {
        using var set = await Client.PostAsJsonAsync("/simulator/faults", new { to = "447700900113", status = "7", times = 1 });

        var invalid = await PostSmsAsync(SendForm("447700900113", "a", ("api_secret", "wrong")));
        var faulted = await PostSmsAsync(SendForm("447700900113", "b"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(invalid), Is.EqualTo("4"));
            Assert.That(Status(faulted), Is.EqualTo("7"));
        });
    }

    [Test]
    public async Task An_invalid_fault_is_a_400_problem_naming_the_field()
    {
        using var response = await Client.PostAsJsonAsync("/simulator/faults", new { to = "+447700900114", status = "0" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").TryGetProperty("status", out _), Is.True);
        });
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var response = await Client.PostAsync("/simulator/faults", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task Each_part_gets_a_signed_delivery_receipt_at_the_callback()
    {
        var response = await PostSmsAsync(SendForm("447700900115", new string('a', 200),
            ("client-ref", "ref-115"), ("callback", Receiver.Url("/custom-dlr"))));
        var ids = response.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message-id").GetString()!).ToList();

        var receipts = await Receiver.WaitForAsync(w => w.Parameters.GetValueOrDefault("msisdn") == "447700900115", count: 2);

        Assert.Multiple(() =>
        {
            Assert.That(receipts.Select(r => r.Path), Is.All.EqualTo("/custom-dlr"));
            Assert.That(receipts.Select(r => r.Parameters["messageId"]), Is.EquivalentTo(ids));
            foreach (var receipt in receipts)
            {
                Assert.That(receipt.Method, Is.EqualTo("POST"));
                Assert.That(receipt.ContentType, Does.StartWith("application/x-www-form-urlencoded"));
                Assert.That(receipt.Parameters["to"], Is.EqualTo("15550100000"), "to is the sender of the SMS");
                Assert.That(receipt.Parameters["status"], Is.EqualTo("delivered"));
                Assert.That(receipt.Parameters["err-code"], Is.EqualTo("0"));
                Assert.That(receipt.Parameters["client-ref"], Is.EqualTo("ref-115"));
                Assert.That(receipt.Parameters["api-key"], Is.EqualTo(SimulatorFactory.ApiKey));
                Assert.That(receipt.Parameters["message-timestamp"], Does.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
                Assert.That(receipt.Parameters["scts"], Does.Match(@"^\d{10}$"));
                Assert.That(receipt.Parameters, Does.ContainKey("nonce").And.ContainKey("timestamp"));
                Assert.That(VonageSignature.Matches(receipt.Parameters, SimulatorFactory.SignatureSecret, VonageSignatureMethod.Md5Hash), Is.True);
            }
        });
    }

    [Test]
    public async Task Without_a_callback_the_receipt_goes_to_the_configured_url()
    {
        await PostSmsAsync(SendForm("447700900116", "hi"));

        var receipt = (await Receiver.WaitForAsync(w => w.Parameters.GetValueOrDefault("msisdn") == "447700900116")).Single();

        Assert.That(receipt.Path, Is.EqualTo("/webhooks/vonage/delivery-receipt"));
    }

    [Test]
    public async Task A_send_asking_for_no_status_report_gets_no_receipt()
    {
        await PostSmsAsync(SendForm("447700900117", "no receipt please", ("status-report-req", "0")));
        await PostSmsAsync(SendForm("447700900118", "receipt please"));

        await Receiver.WaitForAsync(w => w.Parameters.GetValueOrDefault("msisdn") == "447700900118");
        await Task.Delay(200);

        Assert.That(Receiver.Captured.Where(w => w.Parameters.GetValueOrDefault("msisdn") == "447700900117"), Is.Empty);
    }

    [Test]
    public async Task AReceiver_that_fails_does_not_fail_the_send()
    {
        Receiver.ResponseStatus = 500;

        var response = await PostSmsAsync(SendForm("447700900119", "hi"));
        await Receiver.WaitForAsync(w => w.Parameters.GetValueOrDefault("msisdn") == "447700900119");
        var next = await PostSmsAsync(SendForm("447700900119", "again"));

        Assert.Multiple(() =>
        {
            Assert.That(Status(response), Is.EqualTo("0"));
            Assert.That(Status(next), Is.EqualTo("0"));
        });
    }
}

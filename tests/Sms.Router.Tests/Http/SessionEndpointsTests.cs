using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Router.Tests.Support;
using Sms.Testing;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Http;

/// <summary>The router's HTTP API, hosted in memory with the in-memory bus and the real Redis.</summary>
public class SessionEndpointsTests : RedisFixture
{
    private HarnessedService<Program> _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAppAsync()
    {
        _app = await TestRouter.HostAsync();
        _client = _app.CreateClientWithApiKey();
    }

    [OneTimeTearDown]
    public async Task StopAppAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Writes the sessions the API reads; expired ones stay an hour, as for the expiry poller.</summary>
    private SessionStore Store => NewStore(new RouterOptions { ExpiredSessionRetention = TimeSpan.FromHours(1) });

    [Test]
    public async Task Lists_the_customers_open_sessions_most_recent_first()
    {
        var now = DateTimeOffset.UtcNow;
        var older = Session(AppointmentOptions, AppointmentNumber, now.AddMinutes(-5), customerNumber: CustomerNumber);
        var newer = Session(PaymentOptions, PaymentNumber, now, sessionType: "payment_reminder", customerNumber: CustomerNumber);
        await Store.SaveAsync(older, CancellationToken.None);
        await Store.SaveAsync(newer, CancellationToken.None);

        var response = await _client.GetAsync($"/v1/sessions/{CustomerNumber}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sessions = body.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("customerNumber").GetString(), Is.EqualTo(CustomerNumber));
            Assert.That(sessions.Select(s => s.GetProperty("id").GetGuid()), Is.EqualTo(new[] { newer.Id, older.Id }));
            Assert.That(sessions[0].GetProperty("sessionType").GetString(), Is.EqualTo("payment_reminder"));
            Assert.That(sessions[0].GetProperty("businessNumber").GetString(), Is.EqualTo(PaymentNumber));
            Assert.That(sessions[0].GetProperty("options").GetProperty("1").GetString(), Is.EqualTo("pay_now"));
            Assert.That(sessions[1].GetProperty("context").GetProperty("appointment_id").GetString(), Is.EqualTo("appt-42"));
        });
    }

    [Test]
    public async Task The_number_may_be_given_without_the_plus_or_encoded()
    {
        await Store.SaveAsync(Session(AppointmentOptions, createdAt: DateTimeOffset.UtcNow, customerNumber: CustomerNumber), CancellationToken.None);

        var plain = await _client.GetFromJsonAsync<JsonElement>($"/v1/sessions/{CustomerNumber.TrimStart('+')}");
        var encoded = await _client.GetFromJsonAsync<JsonElement>($"/v1/sessions/{Uri.EscapeDataString(CustomerNumber)}");

        Assert.Multiple(() =>
        {
            Assert.That(plain.GetProperty("sessions").GetArrayLength(), Is.EqualTo(1));
            Assert.That(encoded.GetProperty("sessions").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_expired_session_is_not_listed_while_it_is_still_retained()
    {
        var expiring = Session(AppointmentOptions, createdAt: DateTimeOffset.UtcNow, timeToLive: TimeSpan.FromMilliseconds(200), customerNumber: CustomerNumber);
        await Store.SaveAsync(expiring, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(400));

        var body = await _client.GetFromJsonAsync<JsonElement>($"/v1/sessions/{CustomerNumber}");

        Assert.Multiple(async () =>
        {
            Assert.That(body.GetProperty("sessions").GetArrayLength(), Is.Zero);
            Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Has.Count.EqualTo(1), "still retained for the expiry poller");
        });
    }

    [Test]
    public async Task A_customer_without_sessions_has_an_empty_list()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>($"/v1/sessions/{CustomerNumber}");

        Assert.That(body.GetProperty("sessions").GetArrayLength(), Is.Zero);
    }

    [TestCase("hello")]
    [TestCase("12345")]
    [TestCase("+44abc")]
    public async Task Something_that_is_not_a_phone_number_is_refused_with_a_problem(string number)
    {
        var response = await _client.GetAsync($"/v1/sessions/{Uri.EscapeDataString(number)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(400));
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Not a phone number"));
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Give the customer's number in E.164 form"));
        });
    }

    [Test]
    public async Task Without_an_api_key_the_sessions_are_not_shown()
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync($"/v1/sessions/{CustomerNumber}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_openapi_document_lists_the_sessions_endpoint_with_its_answers()
    {
        var operations = await ApiDocumentCheck.OperationsAsync(_client);

        Assert.That(operations["GET /v1/sessions/{customerNumber}"], Is.EquivalentTo(new[] { "200", "400", "401", "403" }));
    }
}

using System.Text.Json;
using Sms.CarrierSimulator.Webhooks;

namespace Sms.CarrierSimulator.Tests.Webhooks;

public sealed class WebhookRequestsTests
{
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["msisdn"] = "447700900001",
        ["text"] = "Olá & bye=now",
        ["message-timestamp"] = "2024-05-01 12:00:00",
    };

    [Test]
    public void Get_puts_the_parameters_in_the_query_string()
    {
        using var request = WebhookRequests.Create(new Uri("http://127.0.0.1:5100/in"), WebhookMethod.Get, Parameters);

        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Get));
            Assert.That(request.Content, Is.Null);
            Assert.That(request.RequestUri!.AbsoluteUri, Is.EqualTo(
                "http://127.0.0.1:5100/in?msisdn=447700900001&text=Ol%C3%A1%20%26%20bye%3Dnow&message-timestamp=2024-05-01%2012%3A00%3A00"));
        });
    }

    [Test]
    public void Get_keeps_a_query_the_url_already_has()
    {
        var uri = WebhookRequests.WithQuery(new Uri("http://127.0.0.1:5100/in?tenant=a"), new Dictionary<string, string> { ["x"] = "1" });

        Assert.That(uri.Query, Is.EqualTo("?tenant=a&x=1"));
    }

    [Test]
    public async Task Post_sends_a_url_encoded_form()
    {
        using var request = WebhookRequests.Create(new Uri("http://127.0.0.1:5100/in"), WebhookMethod.Post, Parameters);

        Assert.Multiple(async () =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Content!.Headers.ContentType!.MediaType, Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(await request.Content.ReadAsStringAsync(), Is.EqualTo(
                "msisdn=447700900001&text=Ol%C3%A1+%26+bye%3Dnow&message-timestamp=2024-05-01+12%3A00%3A00"));
        });
    }

    [Test]
    public async Task Post_json_sends_an_object_of_strings()
    {
        using var request = WebhookRequests.Create(new Uri("http://127.0.0.1:5100/in"), WebhookMethod.PostJson, Parameters);

        var body = await request.Content!.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(JsonSerializer.Deserialize<Dictionary<string, string>>(body), Is.EquivalentTo(Parameters));
        });
    }

    [TestCase("GET", WebhookMethod.Get)]
    [TestCase("get", WebhookMethod.Get)]
    [TestCase("POST", WebhookMethod.Post)]
    [TestCase("POST-JSON", WebhookMethod.PostJson)]
    [TestCase(" post-json ", WebhookMethod.PostJson)]
    public void Webhook_methods_are_read_as_the_vonage_dashboard_names_them(string value, WebhookMethod expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(WebhookMethods.TryParse(value, out var method), Is.True);
            Assert.That(method, Is.EqualTo(expected));
        });
    }

    [TestCase("PUT")]
    [TestCase("POSTJSON")]
    [TestCase("")]
    [TestCase(null)]
    public void Unknown_webhook_methods_are_refused(string? value)
    {
        Assert.That(WebhookMethods.TryParse(value, out _), Is.False);
    }
}

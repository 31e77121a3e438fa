using System.Text;
using Microsoft.Extensions.Primitives;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Tests.Vonage;

public sealed class WebhookParametersTests
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    [Test]
    public void Query_and_body_parameters_are_merged()
    {
        var merged = WebhookParameters.Merge([P("msisdn", "447700900001")], [P("text", "Hi")]);
        Assert.That(merged.Value, Is.EquivalentTo(new Dictionary<string, string> { ["msisdn"] = "447700900001", ["text"] = "Hi" }));
    }

    [Test]
    public void A_parameter_repeated_with_the_same_value_counts_once()
    {
        var merged = WebhookParameters.Merge([P("to", "447700900000")], [P("to", "447700900000")]);
        Assert.That(merged.Value, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_parameter_repeated_with_different_values_is_refused_as_ambiguous()
    {
        var merged = WebhookParameters.Merge([P("text", "one"), P("msisdn", "447700900001")], [P("text", "two")]);
        Assert.Multiple(() =>
        {
            Assert.That(merged.Succeeded, Is.False);
            Assert.That(merged.Errors.Select(e => e.Field), Is.EqualTo(new[] { "text" }));
        });
    }

    [Test]
    public void Parameter_names_are_case_sensitive()
    {
        var merged = WebhookParameters.Merge([P("messageId", "a"), P("messageid", "b")]);
        Assert.That(merged.Value, Has.Count.EqualTo(2));
    }

    [Test]
    public void Repeated_query_values_are_flattened_into_separate_pairs()
    {
        var flattened = WebhookParameters.Flatten([new("text", new StringValues(["a", "b"])), new("empty", StringValues.Empty)]).ToList();
        Assert.That(flattened, Is.EqualTo(new[] { P("text", "a"), P("text", "b"), P("empty", "") }));
    }

    [Test]
    public void Json_strings_numbers_and_booleans_become_strings_with_their_literal_text()
    {
        var json = WebhookParameters.FromJson(Encoding.UTF8.GetBytes(
            """{"msisdn":"447700900001","timestamp":1385047698,"price":0.03330000,"concat":true,"keyword":null,"text":"caf\u00e9 & co"}"""));
        Assert.That(json.Value, Is.EqualTo(new[]
        {
            P("msisdn", "447700900001"), P("timestamp", "1385047698"), P("price", "0.03330000"), P("concat", "true"), P("text", "café & co"),
        }));
    }

    [TestCase("not json")]
    [TestCase("{\"msisdn\":")]
    [TestCase("")]
    [TestCase("{} trailing")]
    public void A_body_that_is_not_json_is_refused(string body)
    {
        var json = WebhookParameters.FromJson(Encoding.UTF8.GetBytes(body));
        Assert.Multiple(() =>
        {
            Assert.That(json.Succeeded, Is.False);
            Assert.That(json.Errors.Single().Field, Is.EqualTo("request"));
            Assert.That(json.Errors.Single().Message, Does.Contain("not valid JSON"));
        });
    }

    [TestCase("[1,2]")]
    [TestCase("\"text\"")]
    [TestCase("42")]
    public void A_json_body_that_is_not_an_object_is_refused(string body)
    {
        var json = WebhookParameters.FromJson(Encoding.UTF8.GetBytes(body));
        Assert.That(json.Errors.Single().Message, Does.Contain("must be an object"));
    }

    [Test]
    public void Nested_json_values_are_refused_by_name()
    {
        var json = WebhookParameters.FromJson(Encoding.UTF8.GetBytes("""{"msisdn":"1","sms":{"a":"b"},"parts":[1]}"""));
        Assert.That(json.Errors.Select(e => e.Field), Is.EqualTo(new[] { "sms", "parts" }));
    }

    [Test]
    public void A_json_name_given_twice_with_different_values_is_refused_when_merged()
    {
        var json = WebhookParameters.FromJson(Encoding.UTF8.GetBytes("""{"text":"a","text":"b"}"""));
        var merged = WebhookParameters.Merge(json.Value!);
        Assert.That(merged.Errors.Single().Field, Is.EqualTo("text"));
    }
}

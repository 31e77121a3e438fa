using Sms.Campaigns.Content;

namespace Sms.Campaigns.Tests.Campaigns;

public sealed class MessageTemplateTests
{
    private static readonly Dictionary<string, string> Attributes = new(StringComparer.OrdinalIgnoreCase) { ["first_name"] = "Ada", ["empty"] = "" };

    [TestCase("Hi {first_name}!", "Hi Ada!")]
    [TestCase("Hi {FIRST_NAME|there}!", "Hi Ada!")]
    [TestCase("Hi {nickname|there}!", "Hi there!")]
    [TestCase("Hi {empty|there}!", "Hi there!")]
    [TestCase("Hi {nickname}!", "Hi !")]
    [TestCase("{{literal}} and { alone", "{literal} and { alone")]
    public void Placeholders_take_the_attribute_else_the_fallback(string template, string expected) =>
        Assert.That(MessageTemplate.Render(template, Attributes), Is.EqualTo(expected));
}

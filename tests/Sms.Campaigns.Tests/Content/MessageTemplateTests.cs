using Sms.Campaigns.Content;

namespace Sms.Campaigns.Tests.Content;

/// <summary>A campaign's text rendered for each recipient: names, attributes, fallbacks, and what is left unfilled.</summary>
public sealed class MessageTemplateTests
{
    private static Dictionary<string, string?> Attributes(params (string Name, string? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    [TestCase("Hi {first_name|there}!", "Ada Lovelace", "Hi Ada!")]
    [TestCase("Hi {first_name|there}!", null, "Hi there!")]
    [TestCase("Hi {first_name|there}!", "   ", "Hi there!")]
    [TestCase("Dear {name}", "Ada Lovelace", "Dear Ada Lovelace")]
    [TestCase("Hi { first_name | friend }", null, "Hi friend")]
    [TestCase("Hi {FIRST_NAME|there}", "Grace Hopper", "Hi Grace")]
    public void Fills_the_contacts_name_or_the_fallback(string text, string? name, string expected)
    {
        Assert.That(new MessageTemplate(text).Render(Attributes(), name).Text, Is.EqualTo(expected));
    }

    [Test]
    public void An_attribute_fills_its_placeholder_ignoring_case_and_before_the_name()
    {
        var template = new MessageTemplate("{first_name}, your {Tier} code is {code|none}.");

        var rendered = template.Render(Attributes(("first_name", "Bea"), ("tier", "gold"), ("code", " ")), "Beatrice Smith");

        Assert.Multiple(() =>
        {
            Assert.That(rendered.Text, Is.EqualTo("Bea, your gold code is none."), "a blank value takes the fallback");
            Assert.That(rendered.Unfilled, Is.Empty);
        });
    }

    [Test]
    public void A_placeholder_without_a_value_or_fallback_is_left_empty_and_listed_once()
    {
        var rendered = new MessageTemplate("Hi {first_name}, {city} and {city} again").Render(Attributes(), name: null);

        Assert.Multiple(() =>
        {
            Assert.That(rendered.Text, Is.EqualTo("Hi ,  and  again"));
            Assert.That(rendered.Unfilled, Is.EqualTo(new[] { "first_name", "city" }));
        });
    }

    [Test]
    public void Lists_its_placeholders_and_which_no_recipient_is_known_to_fill()
    {
        var template = new MessageTemplate("Hi {first_name|there}, {tier} members save {discount|10%} at {store}");

        Assert.Multiple(() =>
        {
            Assert.That(template.Placeholders.Select(p => (p.Name, p.Fallback)),
                Is.EqualTo(new[] { ("first_name", "there"), ("tier", (string?)null), ("discount", "10%"), ("store", null) }));
            Assert.That(template.Unknown(["TIER", "discount"]), Is.EqualTo(new[] { "store" }));
        });
    }

    [TestCase("Braces {} and { } and {two words} and {1st} stay as written")]
    [TestCase("JSON {\"a\":1} stays")]
    public void A_brace_that_opens_no_placeholder_stays_as_written(string text)
    {
        var template = new MessageTemplate(text);

        Assert.Multiple(() =>
        {
            Assert.That(template.Placeholders, Is.Empty);
            Assert.That(template.Render(Attributes(), "Ada").Text, Is.EqualTo(text));
        });
    }

    [Test]
    public void The_longest_rendering_takes_each_names_longest_fallback_and_keeps_the_others_as_written()
    {
        var template = new MessageTemplate("{first_name|there} / {first_name|my friend} / {code}");

        Assert.That(template.RenderLongest(), Is.EqualTo("my friend / my friend / {code}"));
    }
}

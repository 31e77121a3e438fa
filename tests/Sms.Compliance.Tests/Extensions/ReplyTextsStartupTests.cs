using Microsoft.Extensions.Options;
using Sms.Compliance.Tests.Support;

namespace Sms.Compliance.Tests.Extensions;

/// <summary>The service as built by its Program refuses to start with reply texts a customer could not act on.</summary>
public class ReplyTextsStartupTests
{
    [TestCase("Compliance:Replies:Help", "Acme: call us on 0800 000 000.", "Compliance:Replies:Help must tell the customer how to opt out")]
    [TestCase("Compliance:Brands:globex:Replies:Help", "Globex: call us.", "Compliance:Brands:globex:Replies:Help must tell the customer how to opt out")]
    [TestCase("Compliance:Brands:globex:Replies:OptOut", null, "Compliance:Brands:globex:Replies:OptOut is 1700 characters long; a reply may have at most 1600.")]
    [TestCase("Compliance:Replies:Languages:de:Help", "Acme: Hilfe unter 0800 000 000.", "Compliance:Replies:Languages:de:Help must tell the customer how to opt out")]
    [TestCase("Compliance:Brands:globex:Replies:Languages:es:OptIn", null, "Compliance:Brands:globex:Replies:Languages:es:OptIn is 1700 characters long")]
    [TestCase("Compliance:Brands:globex:Keywords:OptOut:0", "BAJA", "The built-in de Help text (for brand globex) must tell the customer how to opt out: it has to name one of the opt-out keywords (e.g. \"Reply BAJA to opt out.\")")]
    [TestCase("Compliance:Brands:globex:Language", "nl", "Compliance:Brands:globex:Language is \"nl\", a language without built-in replies: set Compliance:Brands:globex:Replies:Languages:nl:OptOut.")]
    public async Task The_service_does_not_start_and_says_which_setting_is_wrong(string key, string? text, string message)
    {
        await using var service = await ComplianceServiceFixture.CreateServiceAsync(new Dictionary<string, string>
        {
            ["Compliance:Brands:globex:Numbers:0"] = "+447700900700",
            [key] = text ?? new string('x', 1_700),
        });

        Assert.That(() => service.CreateClient(), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(message));
    }

    [Test]
    public async Task The_service_starts_with_a_brand_of_its_own_texts()
    {
        await using var service = await ComplianceServiceFixture.CreateServiceAsync(new Dictionary<string, string>
        {
            ["Compliance:Brands:globex:Numbers:0"] = "+447700900700",
            ["Compliance:Brands:globex:Replies:Help"] = "Globex: help@globex.example. Reply STOP to opt out.",
        });
        using var client = service.CreateClient();

        var live = await client.GetAsync("/health/live");

        Assert.That((int)live.StatusCode, Is.EqualTo(200));
    }
}

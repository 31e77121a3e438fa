using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;

namespace Sms.Compliance.Tests.Consent;

public class BrandScopesTests
{
    private static readonly BrandScopes Brands = new(new ComplianceOptions
    {
        Scope = "default",
        Brands = new()
        {
            ["acme"] = new BrandOptions { Numbers = ["+447700900600", "+447700900601", "ACMEALERTS"] },
            ["globex"] = new BrandOptions { Numbers = ["+15550100700"] },
        },
    });

    [TestCase("+447700900600", "acme")]
    [TestCase("+447700900601", "acme")]
    [TestCase("447700900601", "acme")]
    [TestCase("+44 7700 900601", "acme")]
    [TestCase("AcmeAlerts", "acme")]
    [TestCase("+15550100700", "globex")]
    [TestCase("+447700900602", "default")]
    [TestCase("OTHERID", "default")]
    [TestCase(null, "default")]
    [TestCase("", "default")]
    public void A_sending_number_belongs_to_its_brand_or_the_default_scope(string? number, string scope) =>
        Assert.That(Brands.ScopeFor(number), Is.EqualTo(scope));

    [Test]
    public void The_scopes_are_the_default_and_every_brand() =>
        Assert.That(Brands.Scopes, Is.EquivalentTo(new[] { "default", "acme", "globex" }));

    [Test]
    public void A_number_in_two_brands_is_refused() =>
        Assert.That(() => new BrandScopes(new ComplianceOptions
        {
            Brands = new()
            {
                ["a"] = new BrandOptions { Numbers = ["+447700900600"] },
                ["b"] = new BrandOptions { Numbers = ["447700900600"] },
            },
        }), Throws.ArgumentException.With.Message.Contains("two brands"));

    [TestCase("+447700900601", "acme")]
    [TestCase("447700900601", "acme")]
    [TestCase("+447700900699", "default")]
    [TestCase(null, "default")]
    public void A_send_without_a_sending_number_belongs_to_the_brand_of_the_default_sender(string? defaultSender, string scope)
    {
        var brands = new BrandScopes(new ComplianceOptions
        {
            Scope = "default",
            DefaultSender = defaultSender,
            Brands = new() { ["acme"] = new BrandOptions { Numbers = ["+447700900600", "+447700900601"] } },
        });

        Assert.Multiple(() =>
        {
            Assert.That(brands.ScopeFor(null), Is.EqualTo(scope));
            Assert.That(brands.ScopeFor(" "), Is.EqualTo(scope));
            Assert.That(brands.DefaultScope, Is.EqualTo("default"), "numbers no brand names stay in the default scope");
            Assert.That(brands.ScopeFor("+447700900698"), Is.EqualTo("default"));
        });
    }
}

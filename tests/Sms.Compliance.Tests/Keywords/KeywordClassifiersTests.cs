using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;

namespace Sms.Compliance.Tests.Keywords;

public class KeywordClassifiersTests
{
    private static readonly KeywordClassifiers Classifiers = new(
        new KeywordOptions { Help = ["HELP", "SUPPORT"] },
        new ComplianceOptions
        {
            Scope = "default",
            Brands = new()
            {
                ["acme"] = new BrandOptions { Numbers = ["+447700900600"], Keywords = new KeywordOptions { OptOut = ["STOP", "HALT"] } },
                ["globex"] = new BrandOptions { Numbers = ["+447700900601"] },
            },
        });

    [TestCase("acme", "halt", KeywordIntent.OptOut)]
    [TestCase("acme", "STOP", KeywordIntent.OptOut)]
    [TestCase("acme", "END", KeywordIntent.None)]
    [TestCase("acme", "support", KeywordIntent.Help)]
    [TestCase("acme", "START", KeywordIntent.OptIn)]
    [TestCase("globex", "halt", KeywordIntent.None)]
    [TestCase("globex", "END", KeywordIntent.OptOut)]
    [TestCase("default", "halt", KeywordIntent.None)]
    [TestCase("default", "support", KeywordIntent.Help)]
    [TestCase("unknown", "STOP", KeywordIntent.OptOut)]
    public void Each_brand_has_its_sets_and_inherits_the_ones_it_leaves_out(string scope, string text, KeywordIntent intent) =>
        Assert.That(Classifiers.For(scope).Classify(text, optedOut: false).Intent, Is.EqualTo(intent));
}

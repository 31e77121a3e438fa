using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;
using Sms.Testing;

namespace Sms.Compliance.Tests.Corpus;

/// <summary>The recogniser against the labelled corpus written independently of it (a test set: never tune to a line).</summary>
public class ConsentCorpusTests
{
    public static readonly string CorpusPath = RepositoryRoot.Combine("tests", "Sms.Compliance.Tests", "Corpus", "consent-messages.tsv");

    [Test]
    public void Opt_out_precision_and_recall_meet_the_bar_over_the_corpus()
    {
        var rows = CorpusEvaluation.Parse(File.ReadAllText(CorpusPath));
        var result = CorpusEvaluation.Evaluate(new KeywordClassifier(new KeywordOptions()), rows);
        TestContext.Out.WriteLine(CorpusEvaluation.Table(result));

        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.GreaterThan(0));
            Assert.That(result.OptOutPrecision, Is.GreaterThanOrEqualTo(0.995), "opt-out precision");
            Assert.That(result.OptOutRecall, Is.GreaterThanOrEqualTo(0.98), "opt-out recall");
        });
    }
}

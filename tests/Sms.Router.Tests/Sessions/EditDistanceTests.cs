using Sms.Router.Sessions;

namespace Sms.Router.Tests.Sessions;

public class EditDistanceTests
{
    [TestCase("CONFIRM", "CONFIRM")]
    [TestCase("CONFIRM", "CONFRIM")]
    [TestCase("CONFIRM", "CONFIM")]
    [TestCase("CONFIRM", "CONFIRMM")]
    [TestCase("CONFIRM", "XONFIRM")]
    [TestCase("CONFIRM", "CONFIRN")]
    [TestCase("CONFIRM", "OCNFIRM")]
    [TestCase("CONFIRM", "CONFIMR")]
    [TestCase("YEAH", "YEA")]
    [TestCase("A", "")]
    [TestCase("", "")]
    public void One_edit_or_less_is_near(string a, string b)
    {
        Assert.Multiple(() =>
        {
            Assert.That(EditDistance.AtMostOne(a, b), Is.True);
            Assert.That(EditDistance.AtMostOne(b, a), Is.True, "symmetric");
        });
    }

    [TestCase("CONFIRM", "CNOFIRN")]
    [TestCase("CONFIRM", "CONF")]
    [TestCase("CONFIRM", "CONFIRMED")]
    [TestCase("CONFIRM", "COFNIRX")]
    [TestCase("YEAH", "HAEY")]
    [TestCase("OKAY", "OKYA1")]
    [TestCase("AB", "")]
    public void Two_edits_or_more_is_far(string a, string b)
    {
        Assert.Multiple(() =>
        {
            Assert.That(EditDistance.AtMostOne(a, b), Is.False);
            Assert.That(EditDistance.AtMostOne(b, a), Is.False, "symmetric");
        });
    }

    [TestCase("CONFRIM", "CONFIRM", true)]
    [TestCase("YEAHH", "YEAH", true)]
    [TestCase("NOPEE", "NOPE", true)]
    [TestCase("OKYA", "OKAY", true)]
    [TestCase("YESS", "YES", false)]
    [TestCase("YE", "YES", false)]
    [TestCase("NOO", "NO", false)]
    [TestCase("SO", "NO", false)]
    [TestCase("YET", "YES", false)]
    [TestCase("1234", "1235", false)]
    [TestCase("YES PLEASE", "YES PLEASX", false)]
    public void Only_words_of_four_letters_or_more_forgive_a_typo(string reply, string word, bool typo)
    {
        Assert.That(EditDistance.IsTypoOf(reply, word), Is.EqualTo(typo));
    }
}

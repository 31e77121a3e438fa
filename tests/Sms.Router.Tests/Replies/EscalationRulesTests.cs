using Sms.Contracts.Routing;
using Sms.Router.Replies;

namespace Sms.Router.Tests.Replies;

public class EscalationRulesTests
{
    private readonly EscalationRules _rules = new();

    [TestCase("agent")]
    [TestCase("Agent please")]
    [TestCase("I want a HUMAN")]
    [TestCase("can you call me?")]
    [TestCase("Call me back")]
    [TestCase("I'd like to speak to someone")]
    [TestCase("let me talk to someone please")]
    [TestCase("Is there a real person there?")]
    [TestCase("representative")]
    public void Asking_for_a_person_is_a_human_request(string text)
    {
        Assert.That(_rules.Find(text), Is.EqualTo(new EscalationTrigger(EscalationReason.HumanRequested, EscalationPriority.High)));
    }

    [TestCase("This is ridiculous")]
    [TestCase("I'm FURIOUS")]
    [TestCase("worst service ever")]
    [TestCase("I am fed up with these texts")]
    [TestCase("absolutely unacceptable!!!")]
    [TestCase("I hate this")]
    public void Strong_negative_emotion_is_negative_sentiment(string text)
    {
        Assert.That(_rules.Find(text), Is.EqualTo(new EscalationTrigger(EscalationReason.NegativeSentiment, EscalationPriority.High)));
    }

    [TestCase("Why was I charged twice?", "billing", EscalationPriority.High)]
    [TestCase("where is my refund", "billing", EscalationPriority.High)]
    [TestCase("My bill is wrong", "billing", EscalationPriority.High)]
    [TestCase("this is a scam", "fraud", EscalationPriority.Urgent)]
    [TestCase("Unauthorised payment on my card", "fraud", EscalationPriority.Urgent)]
    [TestCase("Fraud!", "fraud", EscalationPriority.Urgent)]
    [TestCase("my account was hacked", "security", EscalationPriority.Urgent)]
    [TestCase("I got a phishing text", "security", EscalationPriority.Urgent)]
    public void Billing_fraud_and_security_are_sensitive_topics(string text, string topic, EscalationPriority priority)
    {
        Assert.That(_rules.Find(text), Is.EqualTo(new EscalationTrigger(EscalationReason.SensitiveTopic, priority, topic)));
    }

    [TestCase("yes")]
    [TestCase("Can I bring my dog to the appointment?")]
    [TestCase("I will be there in person")]
    [TestCase("recall mercy")]
    [TestCase("agents of change")]
    [TestCase("billy")]
    [TestCase("")]
    [TestCase(null)]
    public void An_ordinary_message_has_no_trigger(string? text)
    {
        Assert.That(_rules.Find(text), Is.Null);
    }

    [TestCase("I'm furious, I was charged twice, call me", EscalationReason.SensitiveTopic, "billing")]
    [TestCase("this is fraud and I'm furious", EscalationReason.SensitiveTopic, "fraud")]
    [TestCase("I'm furious, call me", EscalationReason.NegativeSentiment, null)]
    public void Several_triggers_the_highest_priority_then_topic_emotion_request(string text, EscalationReason reason, string? topic)
    {
        var trigger = _rules.Find(text);

        Assert.Multiple(() =>
        {
            Assert.That(trigger?.Reason, Is.EqualTo(reason));
            Assert.That(trigger?.Topic, Is.EqualTo(topic));
        });
    }

    [Test]
    public void The_word_lists_and_priorities_are_configurable()
    {
        var rules = new EscalationRules(
            humanRequestPhrases: ["hablar con alguien"],
            negativeWords: ["enfadado"],
            topics: [new SensitiveTopic("legal", ["lawyer", "court"], EscalationPriority.Urgent)],
            humanRequestPriority: EscalationPriority.Normal,
            negativeSentimentPriority: EscalationPriority.Urgent);

        Assert.Multiple(() =>
        {
            Assert.That(rules.Find("Quiero hablar con alguien"), Is.EqualTo(new EscalationTrigger(EscalationReason.HumanRequested, EscalationPriority.Normal)));
            Assert.That(rules.Find("Estoy ENFADADO"), Is.EqualTo(new EscalationTrigger(EscalationReason.NegativeSentiment, EscalationPriority.Urgent)));
            Assert.That(rules.Find("see you in court"), Is.EqualTo(new EscalationTrigger(EscalationReason.SensitiveTopic, EscalationPriority.Urgent, "legal")));
            Assert.That(rules.Find("call me"), Is.Null, "the defaults are replaced");
            Assert.That(rules.Find("refund"), Is.Null, "the default topics are replaced");
        });
    }

    [TestCase("Can’t you CALL  ME?", new[] { "CAN'T", "YOU", "CALL", "ME" })]
    [TestCase("  ", new string[0])]
    [TestCase("fraud!!!scam", new[] { "FRAUD", "SCAM" })]
    public void Words_are_letters_digits_and_apostrophes(string text, string[] words)
    {
        Assert.That(EscalationRules.Words(text), Is.EqualTo(words));
    }
}

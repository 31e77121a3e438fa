using Sms.Contracts.Outbound;
using Sms.Ingress.Http;
using Sms.Ingress.Numbers;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Tests.Http;

public sealed class SendSmsRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid GeneratedId = Guid.Parse("0195a3b2-0000-7000-8000-000000000001");

    private static SendSmsRequest Valid() => new() { To = "+447700900001", Text = "Your appointment is tomorrow at 10:00." };

    private static SendSmsRequest ValidWithPrompt() => Valid() with { Prompt = Prompt() };

    private static PromptBody Prompt() => new()
    {
        SessionType = "appointment_reminder",
        Options = new() { ["YES"] = "confirm_appointment", ["1"] = "confirm_appointment", ["NO"] = "reschedule_request" },
        AutoResponses = new() { ["confirm_appointment"] = "Thanks, see you then." },
        TimeToLiveSeconds = 86_400,
        Context = new() { ["appointmentId"] = "A-1" },
    };

    private static Sms.Ingress.Validation.Parsed<SendSms> Validate(SendSmsRequest? request) =>
        SendSmsRequestValidator.Validate(request, () => GeneratedId, Now, InboundNumbers.International);

    private static IEnumerable<string> FieldsIn(SendSmsRequest request) => Validate(request).Errors.Select(e => e.Field);

    [Test]
    public void A_minimal_request_becomes_a_transactional_upstream_send_with_a_generated_id()
    {
        var send = Validate(Valid()).Value!;
        Assert.Multiple(() =>
        {
            Assert.That(send.MessageId, Is.EqualTo(GeneratedId));
            Assert.That(send.To, Is.EqualTo("+447700900001"));
            Assert.That(send.From, Is.Null);
            Assert.That(send.Text, Is.EqualTo("Your appointment is tomorrow at 10:00."));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Transactional));
            Assert.That(send.Origin, Is.EqualTo(SmsOrigin.Upstream));
            Assert.That(send.Prompt, Is.Null);
            Assert.That(send.InReplyTo, Is.Null);
            Assert.That(send.RequestedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void The_callers_message_id_is_kept_so_a_retry_is_the_same_message()
    {
        var id = Guid.NewGuid();
        Assert.That(Validate(Valid() with { MessageId = id }).Value!.MessageId, Is.EqualTo(id));
    }

    [Test]
    public void The_empty_guid_is_refused_as_a_message_id()
    {
        Assert.That(FieldsIn(Valid() with { MessageId = Guid.Empty }), Is.EqualTo(new[] { "messageId" }));
    }

    [TestCase("+447700900001")]
    [TestCase("+14155550100")]
    [TestCase("+1234567")]
    [TestCase("+123456789012345")]
    public void E164_recipients_are_accepted(string to)
    {
        Assert.That(Validate(Valid() with { To = to }).Succeeded, Is.True);
    }

    [TestCase("+44 7700 900001", "+447700900001")]
    [TestCase(" +44-7700-900001 ", "+447700900001")]
    [TestCase("447700900001", "+447700900001", Description = "digits alone are international, as carriers send them")]
    [TestCase("0044 7700 900001", "+447700900001")]
    public void Recipients_are_normalised_to_E164_as_carriers_numbers_are(string to, string expected)
    {
        Assert.That(Validate(Valid() with { To = to }).Value?.To, Is.EqualTo(expected));
    }

    [Test]
    public void A_national_recipient_is_read_in_the_configured_region()
    {
        var send = SendSmsRequestValidator.Validate(Valid() with { To = "07700 900001" }, () => GeneratedId, Now, new InboundNumbers("GB"));
        Assert.That(send.Value?.To, Is.EqualTo("+447700900001"));
    }

    [TestCase("07700900001", Description = "national, with no region configured")]
    [TestCase("+0447700900001")]
    [TestCase("+123456")]
    [TestCase("+1234567890123456")]
    [TestCase("+44770090000a")]
    [TestCase("")]
    [TestCase(null)]
    public void Recipients_that_are_not_phone_numbers_are_refused(string? to)
    {
        Assert.That(FieldsIn(Valid() with { To = to }), Is.EqualTo(new[] { "to" }));
    }

    [TestCase("+447700900000")]
    [TestCase("ACME")]
    [TestCase("Acme Clinic")]
    [TestCase("Clinic24")]
    public void Senders_may_be_numbers_or_alphanumeric_ids(string from)
    {
        Assert.That(Validate(Valid() with { From = from }).Value!.From, Is.EqualTo(from));
    }

    [TestCase("+44 7700 900000", "+447700900000")]
    [TestCase("447700900000", "+447700900000")]
    public void A_sending_number_is_normalised_to_E164(string from, string expected)
    {
        Assert.That(Validate(Valid() with { From = from }).Value?.From, Is.EqualTo(expected));
    }

    [Test]
    public void The_text_is_kept_in_NFC_as_inbound_text_is()
    {
        Assert.That(Validate(Valid() with { Text = "Cafe\u0301 at 10?" }).Value?.Text, Is.EqualTo("Caf\u00e9 at 10?"));
    }

    // Built here: an attribute cannot hold an unpaired surrogate.
    [TestCase(0xD800, "unpaired surrogate")]
    [TestCase(0x0000, "U+0000")]
    [TestCase(0x001B, "U+001B")]
    public void A_text_no_carrier_or_database_takes_is_refused_naming_text_and_why(int character, string why)
    {
        var result = Validate(Valid() with { Text = $"Hello {(char)character} there" });
        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { "text" }));
        Assert.That(result.Errors[0].Message, Does.Contain(why));
    }

    [TestCase("campaignId")]
    [TestCase("prompt.sessionType")]
    [TestCase("prompt.options")]
    [TestCase("prompt.autoResponses")]
    [TestCase("prompt.context")]
    public void Every_other_text_of_the_request_with_U0000_is_refused_naming_its_field(string field)
    {
        const string nul = "bad\0value";
        var valid = ValidWithPrompt();
        var request = field switch
        {
            "campaignId" => valid with { CampaignId = nul },
            "prompt.sessionType" => valid with { Prompt = valid.Prompt! with { SessionType = nul } },
            "prompt.options" => valid with { Prompt = valid.Prompt! with { Options = new() { [nul] = "confirm" } , AutoResponses = null } },
            "prompt.autoResponses" => valid with { Prompt = valid.Prompt! with { AutoResponses = new() { ["confirm_appointment"] = nul } } },
            _ => valid with { Prompt = valid.Prompt! with { Context = new() { ["appointmentId"] = nul } } },
        };
        var result = Validate(request);
        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { field }));
        Assert.That(result.Errors[0].Message, Does.Contain("U+0000"));
    }

    [TestCase("options")]
    [TestCase("context")]
    [TestCase("reply")]
    [TestCase("contextValue")]
    [TestCase("sessionType")]
    public void Every_size_of_a_prompt_has_a_limit_named_in_the_answer(string what)
    {
        var valid = ValidWithPrompt();
        var prompt = valid.Prompt!;
        var many = Enumerable.Range(0, PromptRules.MaxOptions + 1).ToDictionary(i => $"R{i}", _ => (string?)"confirm");
        var (changed, field) = what switch
        {
            "options" => (prompt with { Options = many, AutoResponses = null }, "prompt.options"),
            "reply" => (prompt with { Options = new() { [new string('Y', PromptRules.MaxReplyLength + 1)] = "confirm" }, AutoResponses = null }, "prompt.options"),
            "context" => (prompt with { Context = Enumerable.Range(0, PromptRules.MaxContextEntries + 1).ToDictionary(i => $"k{i}", _ => (string?)"v") }, "prompt.context"),
            "contextValue" => (prompt with { Context = new() { ["k"] = new string('v', PromptRules.MaxContextValueLength + 1) } }, "prompt.context"),
            _ => (prompt with { SessionType = new string('s', PromptRules.MaxSessionTypeLength + 1) }, "prompt.sessionType"),
        };
        var result = Validate(valid with { Prompt = changed });
        Assert.That(result.Errors.Select(e => e.Field), Is.EqualTo(new[] { field }));
    }

    [TestCase("88888", Description = "a short code is not a sender we can send from")]
    [TestCase("Acme Clinic Ltd")]
    [TestCase("Acme-Clinic")]
    [TestCase("")]
    public void Senders_that_carriers_would_refuse_are_refused(string from)
    {
        Assert.That(FieldsIn(Valid() with { From = from }), Is.EqualTo(new[] { "from" }));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void A_missing_or_blank_text_is_refused(string? text)
    {
        Assert.That(FieldsIn(Valid() with { Text = text }), Is.EqualTo(new[] { "text" }));
    }

    [TestCase(1, true)]
    [TestCase(1600, true)]
    [TestCase(1601, false)]
    public void Text_may_be_up_to_1600_characters(int length, bool valid)
    {
        Assert.That(Validate(Valid() with { Text = new string('a', length) }).Succeeded, Is.EqualTo(valid));
    }

    [TestCase("transactional", SmsCategory.Transactional)]
    [TestCase("marketing", SmsCategory.Marketing)]
    [TestCase("conversational", SmsCategory.Conversational)]
    [TestCase("compliance", SmsCategory.Compliance)]
    [TestCase("Marketing", SmsCategory.Marketing)]
    public void Every_category_is_understood(string category, SmsCategory expected)
    {
        Assert.That(Validate(Valid() with { Category = category }).Value!.Category, Is.EqualTo(expected));
    }

    [TestCase("promotional")]
    [TestCase("1")]
    [TestCase("")]
    public void An_unknown_category_is_refused(string category)
    {
        Assert.That(FieldsIn(Valid() with { Category = category }), Is.EqualTo(new[] { "category" }));
    }

    [Test]
    public void The_campaign_id_is_kept()
    {
        Assert.That(Validate(Valid() with { CampaignId = "spring-recall" }).Value!.CampaignId, Is.EqualTo("spring-recall"));
    }

    [Test]
    public void A_very_long_campaign_id_is_refused()
    {
        Assert.That(FieldsIn(Valid() with { CampaignId = new string('c', 101) }), Is.EqualTo(new[] { "campaignId" }));
    }

    [Test]
    public void A_prompt_is_carried_over_intact()
    {
        var prompt = Validate(Valid() with { Prompt = Prompt() }).Value!.Prompt!;
        Assert.Multiple(() =>
        {
            Assert.That(prompt.SessionType, Is.EqualTo("appointment_reminder"));
            Assert.That(prompt.Options, Is.EquivalentTo(Prompt().Options!));
            Assert.That(prompt.AutoResponses, Is.EquivalentTo(new Dictionary<string, string> { ["confirm_appointment"] = "Thanks, see you then." }));
            Assert.That(prompt.TimeToLive, Is.EqualTo(TimeSpan.FromDays(1)));
            Assert.That(prompt.Context, Is.EquivalentTo(new Dictionary<string, string> { ["appointmentId"] = "A-1" }));
        });
    }

    [Test]
    public void A_prompt_without_ttl_auto_responses_or_context_leaves_the_defaults()
    {
        var prompt = Validate(Valid() with { Prompt = Prompt() with { TimeToLiveSeconds = null, AutoResponses = null, Context = null } }).Value!.Prompt!;
        Assert.Multiple(() =>
        {
            Assert.That(prompt.TimeToLive, Is.Null);
            Assert.That(prompt.AutoResponses, Is.Empty);
            Assert.That(prompt.Context, Is.Empty);
        });
    }

    [Test]
    public void A_prompt_needs_at_least_one_option()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FieldsIn(Valid() with { Prompt = Prompt() with { Options = [], AutoResponses = null } }), Is.EqualTo(new[] { "prompt.options" }));
            Assert.That(FieldsIn(Valid() with { Prompt = Prompt() with { Options = null, AutoResponses = null } }), Is.EqualTo(new[] { "prompt.options" }));
        });
    }

    [Test]
    public void A_prompt_needs_a_session_type()
    {
        Assert.That(FieldsIn(Valid() with { Prompt = Prompt() with { SessionType = " " } }), Is.EqualTo(new[] { "prompt.sessionType" }));
    }

    [Test]
    public void Blank_replies_or_actions_are_refused()
    {
        Assert.That(FieldsIn(Valid() with { Prompt = Prompt() with { Options = new() { ["YES"] = "", [" "] = "x" }, AutoResponses = null } }),
            Is.EqualTo(new[] { "prompt.options" }));
    }

    [Test]
    public void Replies_differing_only_in_case_must_not_lead_to_different_actions()
    {
        var errors = Validate(Valid() with { Prompt = Prompt() with { Options = new() { ["YES"] = "confirm", ["yes"] = "cancel" }, AutoResponses = null } }).Errors;
        Assert.That(errors.Single().Message, Does.Contain("YES"));
    }

    [Test]
    public void An_auto_response_for_an_action_no_option_leads_to_is_refused()
    {
        var errors = Validate(Valid() with { Prompt = Prompt() with { AutoResponses = new() { ["cancel_appointment"] = "Cancelled." } } }).Errors;
        Assert.Multiple(() =>
        {
            Assert.That(errors.Single().Field, Is.EqualTo("prompt.autoResponses"));
            Assert.That(errors.Single().Message, Does.Contain("cancel_appointment"));
        });
    }

    [TestCase(59, false)]
    [TestCase(60, true)]
    [TestCase(604_800, true)]
    [TestCase(604_801, false)]
    [TestCase(0, false)]
    [TestCase(-1, false)]
    public void The_session_lives_between_a_minute_and_a_week(int seconds, bool valid)
    {
        var parsed = Validate(Valid() with { Prompt = Prompt() with { TimeToLiveSeconds = seconds } });
        Assert.That(parsed.Succeeded ? [] : parsed.Errors.Select(e => e.Field), Is.EqualTo(valid ? Array.Empty<string>() : ["prompt.timeToLiveSeconds"]));
    }

    [Test]
    public void Every_error_is_reported_at_once()
    {
        var request = new SendSmsRequest
        {
            MessageId = Guid.Empty,
            To = "07700900001",
            From = "not a valid sender",
            Text = "",
            Category = "promotional",
            Prompt = new PromptBody { SessionType = "", Options = [], TimeToLiveSeconds = 10 },
        };
        Assert.That(Validate(request).ErrorsByField().Keys, Is.EquivalentTo(new[]
        {
            "messageId", "to", "from", "text", "category", "prompt.sessionType", "prompt.options", "prompt.timeToLiveSeconds",
        }));
    }

    [Test]
    public void A_null_body_is_refused()
    {
        Assert.That(Validate(null).Errors.Single().Field, Is.EqualTo("request"));
    }
    [TestCase("""{"to":"+447700900001","text":"Hi","messageId":"not-a-guid"}""", "messageId", "line 1")]
    [TestCase("""{"to":"+447700900001","prompt":{"timeToLiveSeconds":"soon"}}""", "prompt.timeToLiveSeconds", "line 1")]
    [TestCase("this is not json", "request", "not JSON at all")]
    [TestCase("[1, 2, 3]", "request", "line 1")]
    [TestCase("""{"text":"Hi \ud800 there"}""", "text", "unpaired surrogate")]
    public void A_body_that_is_not_a_request_names_where_its_json_went_wrong(string body, string field, string message)
    {
        var read = SendSmsRequestValidator.TryRead(System.Text.Encoding.UTF8.GetBytes(body), out var request, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.False);
            Assert.That(request, Is.Null);
            Assert.That(error.Field, Is.EqualTo(field));
            Assert.That(error.Message, Does.Contain(message));
            Assert.That(error.Message, Does.Not.Contain("not-a-guid").And.Not.Contain("soon"), "the caller's data is not echoed");
        });
    }

    [TestCase("null", false)]
    [TestCase("""{"to":"+447700900001","text":"Hi"}""", true)]
    public void A_json_object_or_null_is_read_for_the_validator_to_judge(string body, bool isRequest)
    {
        var read = SendSmsRequestValidator.TryRead(System.Text.Encoding.UTF8.GetBytes(body), out var request, out _);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.True);
            Assert.That(request is not null, Is.EqualTo(isRequest));
        });
    }
}

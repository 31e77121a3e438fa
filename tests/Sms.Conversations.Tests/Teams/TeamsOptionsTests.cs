using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sms.Conversations.Extensions;
using Sms.Conversations.Teams;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Teams;

/// <summary><c>Inbox:Teams</c>: bound as the issue shows it, with no teams a working default, and wrong settings named at start.</summary>
public sealed class TeamsOptionsTests
{
    /// <summary>The issue's example, as configuration keys.</summary>
    private static Dictionary<string, string?> Billing() => new()
    {
        ["Inbox:Teams:DefaultTeam"] = "support",
        ["Inbox:Teams:Teams:0:Name"] = "billing",
        ["Inbox:Teams:Teams:0:Members:0"] = "sam",
        ["Inbox:Teams:Teams:0:Members:1"] = "alex",
        ["Inbox:Teams:Teams:0:Capacity"] = "5",
        ["Inbox:Teams:Teams:0:Reasons:0"] = "sensitive_topic",
        ["Inbox:Teams:Teams:0:Topics:0"] = "billing",
        ["Inbox:Teams:Teams:0:Keywords:0"] = "invoice",
        ["Inbox:Teams:Teams:0:Keywords:1"] = "refund",
        ["Inbox:Teams:Teams:0:BusinessHours:TimeZone"] = "Europe/London",
        ["Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday"] = "09:00-17:30",
        ["Inbox:Teams:Teams:0:BusinessHours:Weekly:Friday"] = "09:00-17:30",
        ["Inbox:Teams:Teams:0:BusinessHours:Weekly:Saturday"] = "10:00-14:00",
        ["Inbox:Teams:Teams:0:BusinessHours:Holidays:0"] = "2026-12-25",
        ["Inbox:Teams:Teams:0:BusinessHours:Holidays:1"] = "2026-12-26",
        ["Inbox:Teams:Teams:1:Name"] = "support",
        ["Inbox:Teams:Teams:1:Members:0"] = "kim",
    };

    private static IHost Host(Dictionary<string, string?> settings) => ConversationsHost.Build(settings);

    [Test]
    public async Task The_issues_example_binds_into_teams_with_their_hours()
    {
        using var host = Host(Billing());
        await host.StartAsync();
        var teams = host.Services.GetRequiredService<TeamDirectory>();
        var billing = teams.Find("billing")!;
        Assert.Multiple(() =>
        {
            Assert.That(teams.Teams.Select(t => t.Name), Is.EqualTo(new[] { "billing", "support" }));
            Assert.That(teams.Default.Name, Is.EqualTo("support"));
            Assert.That(billing.Members, Is.EqualTo(new[] { "sam", "alex" }));
            Assert.That(billing.Capacity, Is.EqualTo(5));
            Assert.That(billing.Keywords, Is.EqualTo(new[] { "invoice", "refund" }));
            Assert.That(billing.Hours.Zone.Id, Is.EqualTo("Europe/London"));
            Assert.That(billing.Hours.IsOpen(DateTimeOffset.Parse("2026-12-05T13:59:00Z")), Is.True, "Saturday's hours");
            Assert.That(billing.Hours.IsOpen(DateTimeOffset.Parse("2026-12-26T12:00:00Z")), Is.False, "a Saturday holiday");
            Assert.That(teams.Default.Hours.IsAlwaysOpen, Is.True, "no hours: always open");
        });
        await host.StopAsync();
    }

    [Test]
    public async Task With_no_teams_every_agent_is_one_support_team_always_open()
    {
        using var host = Host([]);
        await host.StartAsync();
        var teams = host.Services.GetRequiredService<TeamDirectory>();
        var options = host.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(teams.Teams, Has.Count.EqualTo(1));
            Assert.That(teams.Default.Name, Is.EqualTo("support"));
            Assert.That(teams.Default.EveryAgent, Is.True);
            Assert.That(teams.Default.Hours.IsAlwaysOpen, Is.True);
            Assert.That(options.OffHoursText, Is.EqualTo("Our team is back at {opens} and will reply then."));
        });
        await host.StopAsync();
    }

    [TestCase("Inbox:Teams:Teams:0:BusinessHours:TimeZone", "Europe/Londn",
        "Team 'billing': Inbox:Teams:Teams:0:BusinessHours:TimeZone 'Europe/Londn' is not a known time zone", TestName = "An unknown time zone")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:TimeZone", "",
        "Inbox:Teams:Teams:0:BusinessHours:TimeZone is required", TestName = "Hours without a time zone")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday", "9-5",
        "Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday '9-5' is not hours like 09:00-17:00", TestName = "Hours not in the form 09:00-17:00")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday", "25:00-26:00", "is not hours like 09:00-17:00", TestName = "An hour past 24")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday", "24:00-24:00", "is not hours like 09:00-17:00", TestName = "A range starting at 24:00")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday", "09:60-17:00", "is not hours like 09:00-17:00", TestName = "Minute 60")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday", "17:00-09:00",
        "Monday '17:00-09:00' has a range, 17:00-09:00, that does not end after it starts", TestName = "A range ending before it starts")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Monday", "09:00-13:00,12:00-17:00", "that overlaps or comes before", TestName = "Overlapping ranges")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Weekly:Mondy", "09:00-17:00",
        "Weekly:Mondy is not a day of the week", TestName = "A misspelt day")]
    [TestCase("Inbox:Teams:Teams:0:BusinessHours:Holidays:0", "25/12/2026",
        "Holidays '25/12/2026' is not a date like 2026-12-25", TestName = "A holiday not in ISO form")]
    [TestCase("Inbox:Teams:Teams:1:Name", "Billing",
        "Inbox:Teams:Teams names 'billing' 2 times", TestName = "Two teams of one name, in any case")]
    [TestCase("Inbox:Teams:DefaultTeam", "helpdesk",
        "Inbox:Teams:DefaultTeam 'helpdesk' is not one of the teams (billing, support)", TestName = "A default team that does not exist")]
    [TestCase("Inbox:Teams:Teams:0:Capacity", "0",
        "Team 'billing': Inbox:Teams:Teams:0:Capacity is 0; it must be at least 1", TestName = "Capacity 0")]
    [TestCase("Inbox:Teams:Teams:0:Capacity", "-3", "Capacity is -3; it must be at least 1", TestName = "A negative capacity")]
    [TestCase("Inbox:Teams:Teams:0:Reasons:1", "sensitive",
        "Reasons 'sensitive' is not an escalation reason (no_matching_session, human_requested", TestName = "An unknown reason")]
    [TestCase("Inbox:Teams:Teams:0:Members:1", "Alex Smith",
        "Members 'Alex Smith' is not a user name", TestName = "A member that is not a user name")]
    [TestCase("Inbox:Teams:Teams:0:Members:1", "sam", "Members lists 'sam' more than once", TestName = "A member listed twice")]
    [TestCase("Inbox:Teams:OffHoursText", " ", "Inbox:Teams:OffHoursText must not be empty", TestName = "An empty off-hours text")]
    public void A_wrong_setting_stops_the_start_with_a_message_naming_it(string key, string value, string message)
    {
        var settings = Billing();
        settings[key] = value;
        using var host = Host(settings);
        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Failures, Has.One.Contains(message));
    }

    [Test]
    public void With_no_teams_configured_the_default_team_must_be_support() =>
        Assert.That(TeamDirectory.Problems(new TeamsOptions { DefaultTeam = "billing" }),
            Is.EqualTo(new[] { "Inbox:Teams:DefaultTeam 'billing' is not a team: with no teams configured the only team is 'support'." }));

    [Test]
    public void Hours_that_open_on_no_day_are_a_problem()
    {
        var options = new TeamsOptions
        {
            DefaultTeam = "night",
            Teams = [new TeamOptions { Name = "night", Members = ["kim"], BusinessHours = new BusinessHoursOptions { TimeZone = "UTC" } }],
        };
        Assert.That(TeamDirectory.Problems(options), Has.One.Contains("Inbox:Teams:Teams:0:BusinessHours:Weekly opens on no day"));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var settings = Billing();
        settings["Inbox:Teams:Teams:0:Capacity"] = "0";
        settings["Inbox:Teams:Teams:0:BusinessHours:TimeZone"] = "Mars/Olympus";
        settings["Inbox:Teams:DefaultTeam"] = "nobody";
        Assert.That(TeamDirectory.Problems(Bind(settings)), Has.Count.EqualTo(3));
    }

    [Test]
    public void A_day_open_until_midnight_is_valid()
    {
        var settings = Billing();
        settings["Inbox:Teams:Teams:0:BusinessHours:Weekly:Sunday"] = "18:00-24:00";
        Assert.That(TeamDirectory.Problems(Bind(settings)), Is.Empty);
    }

    private static TeamsOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(TeamsOptions.Section).Get<TeamsOptions>()!;
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Sms.Contracts.Routing;
using Sms.Conversations.Agents;
using Sms.Conversations.Threads;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Teams;

/// <summary>A team as configured, ready for the decisions: its rules parsed, its hours built.</summary>
public sealed class Team
{
    internal Team(TeamOptions options, bool everyAgent)
    {
        Name = options.Name.Trim();
        Members = options.Members.Select(m => m.Trim()).ToList();
        EveryAgent = everyAgent;
        Capacity = options.Capacity;
        Reasons = options.Reasons.Select(r => r.Trim()).ToList();
        Topics = options.Topics.Select(t => t.Trim()).ToList();
        Keywords = options.Keywords.Select(k => k.Trim()).ToList();
        KeywordPatterns = Keywords.Select(KeywordPattern).ToList();
        Hours = BusinessHours.From(options.BusinessHours);
    }

    public string Name { get; }

    /// <summary>User names in round-robin order; empty when <see cref="EveryAgent"/>.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The implicit team of a install with no teams configured: every agent is a member, in user-name order.</summary>
    public bool EveryAgent { get; }

    public int Capacity { get; }

    public IReadOnlyList<string> Reasons { get; }

    public IReadOnlyList<string> Topics { get; }

    public IReadOnlyList<string> Keywords { get; }

    internal IReadOnlyList<Regex> KeywordPatterns { get; }

    public BusinessHours Hours { get; }

    /// <summary>
    /// A keyword as a whole word or phrase in any case: not inside a longer word ("refund" is not found in
    /// "refunded"), with any run of spaces between a phrase's words.
    /// </summary>
    private static Regex KeywordPattern(string keyword) => new(
        @"(?<![\p{L}\p{N}_])" + string.Join(@"\s+", keyword.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)) + @"(?![\p{L}\p{N}_])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}

/// <summary>
/// The configured teams (<see cref="TeamsOptions"/>), in order, and the default one; or, with none configured, the
/// implicit team of every agent, always open. Built once from validated options; no I/O.
/// </summary>
public sealed class TeamDirectory
{
    public TeamDirectory(TeamsOptions options)
    {
        if (Problems(options) is [var first, ..])
            throw new ArgumentException(first, nameof(options));
        Teams = options.Teams.Count == 0
            ? [new Team(new TeamOptions { Name = TeamsOptions.ImplicitTeam }, everyAgent: true)]
            : options.Teams.Select(t => new Team(t, everyAgent: false)).ToList();
        Default = Find(options.DefaultTeam)!;
    }

    public IReadOnlyList<Team> Teams { get; }

    public Team Default { get; }

    /// <summary>The team of that name, in any case; null when there is none.</summary>
    public Team? Find(string? name) =>
        Teams.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Every problem with the teams' settings, each naming the setting to fix.</summary>
    public static IReadOnlyList<string> Problems(TeamsOptions options)
    {
        var problems = new List<string>();
        const string section = TeamsOptions.Section;
        var names = options.Teams.Count == 0
            ? [TeamsOptions.ImplicitTeam]
            : options.Teams.Select(t => t.Name.Trim()).Where(n => n.Length > 0).ToList();
        if (!names.Contains(options.DefaultTeam?.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(options.Teams.Count == 0
                ? $"{section}:DefaultTeam '{options.DefaultTeam}' is not a team: with no teams configured the only team is '{TeamsOptions.ImplicitTeam}'."
                : $"{section}:DefaultTeam '{options.DefaultTeam}' is not one of the teams ({string.Join(", ", names)}).");
        }
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{section}:Teams names '{duplicate.Key}' {duplicate.Count()} times: team names must differ.");

        var reasons = Enum.GetValues<EscalationReason>().Select(StoredNames.Of).ToList();
        for (var i = 0; i < options.Teams.Count; i++)
        {
            var team = options.Teams[i];
            var setting = $"{section}:Teams:{i}";
            // Each problem names the team as well as its index: the index is the setting, the name what a reader knows.
            var named = string.IsNullOrWhiteSpace(team.Name) ? $"Team {i}" : $"Team '{team.Name.Trim()}'";
            void Add(string problem) => problems.Add($"{named}: {setting}:{problem}");
            if (string.IsNullOrWhiteSpace(team.Name))
                Add("Name is required.");
            if (team.Capacity < 1)
                Add($"Capacity is {team.Capacity}; it must be at least 1 (the open conversations one member holds at once).");
            if (team.Members.Count == 0)
                Add("Members lists nobody: the team's conversations could never be assigned.");
            foreach (var member in team.Members.Where(m => AgentNames.UsernameError(m?.Trim()) is not null))
                Add($"Members '{member}' is not a user name (lower-case letters, digits, '.', '_' or '-').");
            foreach (var duplicate in team.Members.GroupBy(m => m?.Trim(), StringComparer.Ordinal).Where(g => g.Count() > 1))
                Add($"Members lists '{duplicate.Key}' more than once.");
            foreach (var reason in team.Reasons.Where(r => !reasons.Contains(r?.Trim(), StringComparer.OrdinalIgnoreCase)))
                Add($"Reasons '{reason}' is not an escalation reason ({string.Join(", ", reasons)}).");
            if (team.Topics.Any(string.IsNullOrWhiteSpace))
                Add("Topics has an empty entry.");
            if (team.Keywords.Any(string.IsNullOrWhiteSpace))
                Add("Keywords has an empty entry, which would match no word.");
            if (team.BusinessHours is { } hours)
                problems.AddRange(BusinessHours.Problems(hours, $"{setting}:BusinessHours").Select(p => $"{named}: {p}"));
        }
        if (string.IsNullOrWhiteSpace(options.OffHoursText))
            problems.Add($"{section}:OffHoursText must not be empty (default: \"{TeamsOptions.DefaultOffHoursText}\").");
        if (string.IsNullOrWhiteSpace(options.ConnectingText))
            problems.Add($"{section}:ConnectingText must not be empty (default: \"{TeamsOptions.DefaultConnectingText}\").");
        if (string.IsNullOrWhiteSpace(options.ConnectingTextWithoutWait))
            problems.Add($"{section}:ConnectingTextWithoutWait must not be empty (default: \"{TeamsOptions.DefaultConnectingTextWithoutWait}\").");
        return problems;
    }
}

/// <summary>Checked at start: a team setting that is wrong stops the service with every problem named.</summary>
public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var problems = TeamDirectory.Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

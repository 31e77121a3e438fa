using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// Refuses the start of a service configured with a shipped development secret outside Development
/// (<see cref="DevelopmentSecrets"/>). It is an options validation run on start, not a check in
/// <c>RunSmsServiceAsync</c>: the host validates before it starts anything, so the bus never connects and no port
/// opens, and every host of a service fails alike, the carrier simulator's and a test's included.
/// </summary>
internal sealed class DevelopmentSecretsGuard
{
    /// <summary>The validation: fails with every setting to change.</summary>
    internal sealed class Validation(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<DevelopmentSecretsGuard>
    {
        public ValidateOptionsResult Validate(string? name, DevelopmentSecretsGuard options)
        {
            var problems = DevelopmentSecrets.Problems(configuration, environment.EnvironmentName);
            return problems.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(DevelopmentSecrets.Describe(problems, environment.EnvironmentName));
        }
    }
}

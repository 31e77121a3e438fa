// Sms.CarrierSimulator: a DEVELOPMENT CARRIER. It speaks the Vonage SMS API wire format (send, inbound webhook,
// delivery receipts) so the platform runs and is tested without a real carrier. It never delivers a real SMS.
using Sms.CarrierSimulator.Extensions;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddCarrierSimulatorServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCarrierSimulatorEndpoints();

// The start command deploys every service's broker topology first; the simulator has none.
if (app.Configuration.GetValue<bool>(MessagingExtensions.DeployTopologyOnlyKey)) return;

await app.RunAsync();

/// <summary>Entry point; public so tests can host the simulator.</summary>
public partial class Program;

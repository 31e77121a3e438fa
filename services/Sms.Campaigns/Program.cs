using Sms.Campaigns.Extensions;
using Sms.Campaigns.Http;
using Sms.ServiceDefaults;
using Sms.ServiceDefaults.Data;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiClients();
builder.AddSmsMessaging(bus => bus.AddCampaignsConsumers());
builder.AddSmsPostgres("campaigns", typeof(Program).Assembly);
builder.Services.AddCampaignsServices();

var app = builder.Build();
app.UseInboxCors();
app.MapCampaignEndpoints();
app.MapDefaultEndpoints();
app.MapSegmentEndpoints();
app.MapAudienceEndpoints();
app.MapComposeEndpoints();
app.MapCampaignResultEndpoints();
app.MapApiDocument().RequireAnyScope();
await app.RunSmsServiceAsync();

/// <summary>Entry point; public so tests can host the service.</summary>
public partial class Program;

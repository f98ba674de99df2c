using System.Net;
using CustomerIo.Track.Emulator;
using CustomerIo.Track.Emulator.Faults;
using CustomerIo.Track.Emulator.Inspection;
using CustomerIo.Track.Emulator.Pipeline;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.V1;
using CustomerIo.Track.Emulator.V2;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// A local stand-in for the Customer.io Track API. Tests read the first stdout line for the URL,
// so nothing else may be written before it: ASP.NET's own logging is switched off.
var options = EmulatorOptions.Parse(args, out var argError);
if (options is null)
{
    Console.Error.WriteLine(argError);
    return 2;
}
if (options.ShowHelp)
{
    Console.Out.WriteLine(EmulatorOptions.Usage);
    return 0;
}

// Not passing args: the emulator's options are not ASP.NET configuration keys.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
// Stalled requests must not hold a SIGTERM up for the default 30 s.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
builder.WebHost.ConfigureKestrel(k =>
{
    k.Listen(IPAddress.Loopback, options.Port);
    k.AddServerHeader = false;
    k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
});
// Handlers never block (waits are Task.Delay), so a request runs on the thread that received
// its bytes instead of hopping through the thread pool two more times per read: a 100-item
// batch, read in 4 KB pieces, costs the emulator about a fifth less CPU. Requests on different
// connections still run in parallel (the socket engine hands each connection's events out).
builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);

var app = builder.Build();

var settings = new EmulatorSettings(options);
var store = new TrackStore { EmailIdentifies = options.EmailIdentifies };
var log = new RequestLog();
var stats = new RequestStats();
var faults = new FaultBook();
var rateLimiter = new RateLimiter(settings);
var api = new ApiPipeline(log, stats, settings, faults, rateLimiter, new V1Router(store, settings), new V2Routes(store).Dispatch);
var inspection = new InspectionRoutes(store, log, stats, settings, faults, rateLimiter, app.Lifetime);

// Two worlds: /_emulator (inspection, no auth) and everything else (the Track API).
app.Run(ctx => ctx.Request.Path.StartsWithSegments("/_emulator")
    ? inspection.HandleAsync(ctx)
    : api.HandleAsync(ctx));

try
{
    await app.StartAsync();
}
catch (IOException e)
{
    // Typically the port is taken: one clear line instead of a stack trace.
    Console.Error.WriteLine($"cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
    return 1;
}

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
    .Addresses.First();
settings.BaseUrl = address.TrimEnd('/');
Console.Out.WriteLine(
    $"CustomerIo.Track emulator listening on {settings.BaseUrl} site-id={settings.SiteId} api-key={settings.ApiKey}");
Console.Out.Flush();

await app.WaitForShutdownAsync();
return 0;

// Loaded with `node --import` into a child process whose peak memory a test checks: prints the
// process's peak resident set size in KiB on stderr as it exits, as the line `max-rss-kib N`.
process.on("exit", () => {
  process.stderr.write(`max-rss-kib ${process.resourceUsage().maxRSS}\n`);
});

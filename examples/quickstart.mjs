// The same library from plain JavaScript: `node examples/quickstart.mjs [store]` (after `npm install`).
import { openStore } from "runtree";

const store = openStore(process.argv[2]);
const exp = store.experiment("quickstart");

await exp.run({ name: "sweep", objective: { metric: "val_loss", goal: "min" } }, async (sweep) => {
  for (const lr of [0.1, 0.01, 0.001]) {
    await sweep.child({ name: `lr=${lr}`, params: { lr, optimizer: "adam" } }, (trial) => {
      for (let epoch = 0; epoch < 5; epoch++) {
        trial.logMetrics({ loss: 1 / (epoch + 1) + lr, val_loss: 1.2 / (epoch + 1) + Math.abs(lr - 0.01) }, { step: epoch });
      }
    });
  }
});

const [best] = await store.searchRuns({ experiment: "quickstart", filter: "params.lr < 1", orderBy: ["metrics.val_loss ASC"], maxResults: 1 });
console.log(`best trial: ${best.name} (val_loss ${best.metrics.val_loss})`);

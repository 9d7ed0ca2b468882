import { forEachBackend } from './backends.js';
import { describeIndexSuite } from './suite.js';

forEachBackend('index store', describeIndexSuite);

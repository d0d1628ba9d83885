export { compareBeds } from './bed-order.js';

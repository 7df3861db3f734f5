import { createApp } from 'vue';
import SimPanel from './SimPanel.vue';
import './sim.css';

createApp(SimPanel).mount('#sim');
